// Private: a set of words kept in one flat buffer, for the analyzer's lexicon and word lists.
// Open addressing with linear probing over 64-bit slots (32 bits of the word's hash, 32 bits of
// its offset in the buffer): no allocation per word when loading hundreds of thousands of them,
// and lookups by string_view without building a std::string. Filled once, then read-only (safe
// to read from several threads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

class WordSet {
public:
    /// Adds `word` (at most 65,535 bytes); false if it was there already.
    bool insert(std::string_view word);
    [[nodiscard]] bool contains(std::string_view word) const;
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }

private:
    /// The slot holding `word`, or the empty slot where it belongs.
    [[nodiscard]] std::size_t find_slot(std::string_view word, std::uint32_t hash) const;
    [[nodiscard]] std::string_view word_at(std::uint32_t offset) const;
    void grow();

    std::vector<std::uint64_t> slots_; ///< 0: empty; else hash << 32 | (offset + 1)
    std::string words_;                ///< each word: its length in 2 bytes, then its bytes
    std::size_t size_ = 0;
};

} // namespace fundus::analyzers
