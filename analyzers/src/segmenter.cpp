#include "segmenter.h"

#include "fundus/error.h"

#include <algorithm>
#include <array>

#include <unicode/brkiter.h>
#include <unicode/utext.h>

namespace fundus::analyzers {

struct Segmenter::Impl {
    std::unique_ptr<icu::BreakIterator> iterator;
};

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale("de"), status));
    if (U_FAILURE(status) || !impl_->iterator)
        throw Error(std::string("Segmenter::Segmenter(): ICU word break iterator: ") +
                    u_errorName(status));
}

Segmenter::Segmenter(const Segmenter& other) : impl_(std::make_unique<Impl>()) {
    impl_->iterator.reset(other.impl_->iterator->clone());
}

Segmenter::~Segmenter() = default;

namespace {

/// Word-break classes of UAX #29 as ICU 72's word rules use them, for the characters
/// simple_words() knows.
enum class Break : std::uint8_t {
    unknown,    ///< any other character, or invalid UTF-8: ICU decides
    letter,     ///< ALetter
    numeric,    ///< Numeric
    mid_letter, ///< MidLetter: between letters only
    mid_num,    ///< MidNum: between digits only
    mid_both,   ///< MidNumLet and Single_Quote: between letters or between digits
    other,      ///< breaks on both sides (spaces, other punctuation, symbols)
};

struct Char {
    Break type = Break::unknown;
    std::uint32_t bytes = 1;
};

constexpr Break ascii_class(unsigned char c) {
    // ICU's rules (CLDR) take '@' as a letter (e-mail addresses stay one word) and ':' out of
    // MidLetter ("Bürger:innen" is three segments); the test compares with ICU itself.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@')
        return Break::letter;
    if (c >= '0' && c <= '9')
        return Break::numeric;
    switch (c) {
    case ',':
    case ';':
        return Break::mid_num;
    case '.':
    case '\'':
        return Break::mid_both;
    case '_':
        return Break::unknown; // ExtendNumLet: left to ICU
    default:
        break;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c >= 0x21 && c <= 0x7E))
        return Break::other;
    return Break::unknown; // other control characters
}

/// Punctuation beyond Latin-1 common in German text, all of word-break class Other: hyphens and
/// dashes, „ “ ” ‚, • … ‰ ‹ ›, € ™ →, ′ ″.
constexpr std::array<std::uint32_t, 19> other_punctuation = {
    0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x201A, 0x201C, 0x201D, 0x201E, 0x2022,
    0x2026, 0x2030, 0x2039, 0x203A, 0x20AC, 0x2122, 0x2192, 0x2032, 0x2033};

/// The class of the code point `cp` beyond ASCII.
Break wide_class(std::uint32_t cp) {
    if (cp == 0xAA || cp == 0xB5 || cp == 0xBA)
        return Break::letter;
    if (cp >= 0xC0 && cp <= 0x24F) // Latin-1 letters, Latin Extended-A and -B
        return cp == 0xD7 || cp == 0xF7 ? Break::other : Break::letter;
    if (cp == 0xB7)
        return Break::mid_letter;
    if (cp == 0x2018 || cp == 0x2019) // ‘ ’
        return Break::mid_both;
    if (cp == 0xAD) // soft hyphen: Format, ignored inside words
        return Break::unknown;
    if (cp >= 0xA0 && cp <= 0xBF)
        return Break::other; // NBSP, ¡ … ¿ (not ª µ · º ­ above)
    return std::find(other_punctuation.begin(), other_punctuation.end(), cp) !=
                   other_punctuation.end()
               ? Break::other
               : Break::unknown;
}

/// The character at text[i] (i < text.size()).
Char char_at(std::string_view text, std::size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80)
        return {ascii_class(c), 1};
    auto cont = [&](std::size_t k) {
        return i + k < text.size() && (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    };
    auto low = [&](std::size_t k) { return static_cast<std::uint32_t>(text[i + k]) & 0x3F; };
    if (c >= 0xC2 && c <= 0xDF && cont(1))
        return {wide_class(((c & 0x1Fu) << 6) | low(1)), 2};
    if (c >= 0xE0 && c <= 0xEF && cont(1) && cont(2)) {
        const std::uint32_t cp = ((c & 0x0Fu) << 12) | (low(1) << 6) | low(2);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
            return {}; // overlong or a surrogate
        return {wide_class(cp), 3};
    }
    return {}; // four-byte characters (emoji and more) and invalid UTF-8
}

} // namespace

bool Segmenter::simple_words(std::string_view text, std::vector<WordSpan>& out) {
    out.clear();
    // The class of the current word's last letter or digit, which WB6/7 and WB11/12 look back at.
    Break before = Break::other;
    std::size_t word_start = 0;
    bool in_word = false;
    // A mid character after a letter or digit, waiting for the next character to decide.
    std::size_t mid_at = 0;
    Break mid = Break::other;
    for (std::size_t i = 0; i < text.size();) {
        const Char ch = char_at(text, i);
        if (ch.type == Break::unknown)
            return false;
        const bool word_char = ch.type == Break::letter || ch.type == Break::numeric;
        if (mid != Break::other) {
            // WB6/WB7: letter (MidLetter | MidNumLetQ) letter; WB11/WB12: digit (MidNum |
            // MidNumLetQ) digit.
            const bool joins = (before == Break::letter && ch.type == Break::letter &&
                                (mid == Break::mid_letter || mid == Break::mid_both)) ||
                               (before == Break::numeric && ch.type == Break::numeric &&
                                (mid == Break::mid_num || mid == Break::mid_both));
            if (!joins) {
                out.push_back(
                    {static_cast<std::uint32_t>(word_start), static_cast<std::uint32_t>(mid_at)});
                in_word = false;
            }
            mid = Break::other;
        }
        if (word_char) {
            if (!in_word) { // WB5, WB8–WB10 join letters and digits in any order
                word_start = i;
                in_word = true;
            }
            before = ch.type;
        } else if (in_word && (ch.type == Break::mid_letter || ch.type == Break::mid_num ||
                               ch.type == Break::mid_both)) {
            mid = ch.type;
            mid_at = i;
        } else if (in_word) {
            out.push_back({static_cast<std::uint32_t>(word_start), static_cast<std::uint32_t>(i)});
            in_word = false;
        }
        i += ch.bytes;
    }
    if (mid != Break::other)
        out.push_back({static_cast<std::uint32_t>(word_start), static_cast<std::uint32_t>(mid_at)});
    else if (in_word)
        out.push_back(
            {static_cast<std::uint32_t>(word_start), static_cast<std::uint32_t>(text.size())});
    return true;
}

std::vector<WordSpan> Segmenter::words(std::string_view text) {
    std::vector<WordSpan> spans;
    if (simple_words(text, spans))
        return spans;
    return icu_words(text);
}

std::vector<WordSpan> Segmenter::icu_words(std::string_view text) {
    std::vector<WordSpan> spans;
    if (text.empty())
        return spans;
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status))
        return spans;
    icu::BreakIterator& it = *impl_->iterator;
    it.setText(utext, status);
    if (U_SUCCESS(status)) {
        int32_t start = it.first();
        for (int32_t end = it.next(); end != icu::BreakIterator::DONE; start = end, end = it.next()) {
            if (it.getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
                spans.push_back({static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end)});
        }
    }
    // Detach the iterator from the UText before closing it.
    it.setText(icu::UnicodeString());
    utext_close(utext);
    return spans;
}

} // namespace fundus::analyzers
