#include "word_set.h"

#include "fundus/error.h"

#include <functional>
#include <limits>

namespace fundus::analyzers {

namespace {

std::uint32_t hash_of(std::string_view word) {
    const std::uint64_t h = std::hash<std::string_view>{}(word);
    return static_cast<std::uint32_t>(h ^ (h >> 32));
}

std::uint32_t slot_hash(std::uint64_t slot) { return static_cast<std::uint32_t>(slot >> 32); }
std::uint32_t slot_offset(std::uint64_t slot) { return static_cast<std::uint32_t>(slot) - 1; }

} // namespace

std::string_view WordSet::word_at(std::uint32_t offset) const {
    const auto* p = reinterpret_cast<const unsigned char*>(words_.data()) + offset;
    const std::size_t length = p[0] | (static_cast<std::size_t>(p[1]) << 8);
    return {words_.data() + offset + 2, length};
}

std::size_t WordSet::find_slot(std::string_view word, std::uint32_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const std::uint64_t slot = slots_[i];
        if (slot == 0 || (slot_hash(slot) == hash && word_at(slot_offset(slot)) == word))
            return i;
    }
}

bool WordSet::contains(std::string_view word) const {
    return size_ != 0 && slots_[find_slot(word, hash_of(word))] != 0;
}

bool WordSet::insert(std::string_view word) {
    if (word.size() > std::numeric_limits<std::uint16_t>::max())
        throw Error("WordSet: a word of " + std::to_string(word.size()) + " bytes is too long");
    if (2 * (size_ + 1) > slots_.size())
        grow();
    const std::uint32_t hash = hash_of(word);
    const std::size_t at = find_slot(word, hash);
    if (slots_[at] != 0)
        return false;
    if (words_.size() + word.size() + 2 >= std::numeric_limits<std::uint32_t>::max())
        throw Error("WordSet: more than 4 GiB of words");
    const auto offset = static_cast<std::uint32_t>(words_.size());
    words_.push_back(static_cast<char>(word.size() & 0xFF));
    words_.push_back(static_cast<char>(word.size() >> 8));
    words_.append(word);
    slots_[at] = (static_cast<std::uint64_t>(hash) << 32) | (std::uint64_t{offset} + 1);
    ++size_;
    return true;
}

void WordSet::grow() {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), 0);
    const std::size_t mask = slots_.size() - 1;
    for (const std::uint64_t slot : old) {
        if (slot == 0)
            continue;
        std::size_t i = slot_hash(slot) & mask;
        while (slots_[i] != 0)
            i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

} // namespace fundus::analyzers
