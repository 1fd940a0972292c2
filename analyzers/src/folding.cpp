#include "fundus/analyzers/folding.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace fundus::analyzers {

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80)
            return false;
    return true;
}

/// True if `s` is ASCII and Latin-1 characters U+00C0-U+00FF (UTF-8 0xC3 0x80-0xBF) only: the
/// letters of German and its neighbours, which fold without ICU.
bool is_latin1_letters(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80)
            continue;
        if (c != 0xC3 || i + 1 == s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80)
            return false;
        ++i;
    }
    return true;
}

/// fold_case() of text for which is_latin1_letters() holds: in place, as only ß changes length.
std::string fold_latin1(std::string_view s) {
    std::string out(s);
    std::size_t sharp_s = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z')
                out[i] = static_cast<char>(c - 'A' + 'a');
            continue;
        }
        const auto second = static_cast<unsigned char>(out[++i]); // U+00C0 + (second - 0x80)
        if (second == 0x9F)
            ++sharp_s;
        else if (second < 0xA0 && second != 0x97) // À-Þ (not ×) -> à-þ
            out[i] = static_cast<char>(second + 0x20);
    }
    if (sharp_s == 0)
        return out;
    std::string expanded; // ß -> ss
    expanded.reserve(out.size() + sharp_s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '\xC3' && out[i + 1] == '\x9F') {
            expanded += "ss";
            ++i;
        } else {
            expanded += out[i];
        }
    }
    return expanded;
}

/// spelling_key() of fold_latin1()'s output: the letters U+00E0-U+00FF without their marks.
std::string unmark_latin1(std::string_view folded) {
    // Indexed by the second UTF-8 byte - 0xA0 (U+00E0-U+00FF); empty: keep the character
    // (æ, ð, ÷, ø, þ have no decomposition).
    static constexpr std::string_view plain[32] = {
        "a", "a", "a", "a", "ae", "a", "",  "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "",  "n", "o", "o", "o",  "o", "oe", "", "", "u", "u", "u", "ue", "y", "", "y"};
    if (is_ascii(folded))
        return std::string(folded);
    std::string out;
    out.reserve(folded.size() + 2);
    for (std::size_t i = 0; i < folded.size(); ++i) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (c < 0x80) {
            out += folded[i];
            continue;
        }
        const auto second = static_cast<unsigned char>(folded[++i]);
        const std::string_view replacement = second >= 0xA0 ? plain[second - 0xA0] : "";
        if (replacement.empty())
            out.append(folded.substr(i - 1, 2));
        else
            out += replacement;
    }
    return out;
}

} // namespace

std::string fold_case(std::string_view utf8) {
    if (is_latin1_letters(utf8))
        return fold_latin1(utf8);
    return detail::fold_case_icu(utf8);
}

std::string spelling_key(std::string_view utf8) {
    if (is_latin1_letters(utf8))
        return unmark_latin1(fold_latin1(utf8));
    return detail::spelling_key_icu(utf8);
}

std::string detail::fold_case_icu(std::string_view utf8) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status))
        return std::string(utf8);
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString folded = nfkc_cf->normalize(src, status);
    if (U_FAILURE(status))
        return std::string(utf8);
    std::string out;
    folded.toUTF8String(out);
    return out;
}

std::string detail::spelling_key_icu(std::string_view utf8) {
    std::string folded = detail::fold_case_icu(utf8);
    if (is_ascii(folded))
        return folded;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString src = icu::UnicodeString::fromUTF8(folded);
    icu::UnicodeString decomposed = nfd->normalize(src, status);
    if (U_FAILURE(status))
        return folded;
    icu::UnicodeString out;
    const int32_t n = decomposed.length();
    for (int32_t i = 0; i < n; ++i) {
        const char16_t c = decomposed.charAt(i);
        if (c == 0x0308 && i > 0) { // combining diaeresis: a/o/u + ¨ -> ae/oe/ue
            const char16_t base = decomposed.charAt(i - 1);
            if (base == u'a' || base == u'o' || base == u'u')
                out.append(u'e');
            continue;
        }
        if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK)
            continue;
        out.append(c);
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

bool is_valid_utf8(std::string_view utf8) {
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    while (i < length) {
        UChar32 c = 0;
        U8_NEXT(s, i, length, c);
        if (c < 0)
            return false;
    }
    return true;
}

} // namespace fundus::analyzers
