// Private: ICU word segmentation over UTF-8 with byte offsets. Not thread-safe (owns an ICU
// BreakIterator); one per analyzer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

struct WordSpan {
    std::uint32_t start = 0; ///< byte offset
    std::uint32_t end = 0;   ///< byte offset, exclusive
};

class Segmenter {
public:
    Segmenter();
    Segmenter(const Segmenter& other);
    Segmenter& operator=(const Segmenter&) = delete;
    ~Segmenter();

    /// The words (letters, numbers) of `text` in order; spaces and punctuation are skipped.
    std::vector<WordSpan> words(std::string_view text);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fundus::analyzers
