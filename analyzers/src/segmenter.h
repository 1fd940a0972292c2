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
    /// ICU's word boundaries (UAX #29); a text written only in characters whose word-break
    /// classes simple_words() knows (Latin letters, digits, common punctuation) is segmented
    /// there, with the same result, without ICU.
    std::vector<WordSpan> words(std::string_view text);
    /// words() through ICU's word break iterator, always.
    std::vector<WordSpan> icu_words(std::string_view text);
    /// words() without ICU for a text of known characters only; false (and `out` undefined)
    /// when the text has any other character or is not valid UTF-8.
    static bool simple_words(std::string_view text, std::vector<WordSpan>& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fundus::analyzers
