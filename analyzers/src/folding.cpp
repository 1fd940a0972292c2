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

} // namespace

std::string fold_case(std::string_view utf8) {
    if (is_ascii(utf8)) {
        std::string out(utf8);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
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

std::string spelling_key(std::string_view utf8) {
    std::string folded = fold_case(utf8);
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
