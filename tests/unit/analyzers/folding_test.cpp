#include "fundus/analyzers/folding.h"

#include <catch2/catch.hpp>

using fundus::analyzers::fold_case;
using fundus::analyzers::is_valid_utf8;
using fundus::analyzers::spelling_key;

namespace folding_test {

TEST_CASE("fold_case applies NFKC and full case folding", "[analyzers][folding]") {
    CHECK(fold_case("Straße") == "strasse");
    CHECK(fold_case("ÄRZTE") == "ärzte");
    CHECK(fold_case("Kommune") == "kommune");
    CHECK(fold_case("ﬁnden") == "finden");            // ligature (NFKC)
    CHECK(fold_case("Bürger\xC2\xADmeister") == "bürgermeister"); // soft hyphen removed
    CHECK(fold_case("Bu\xCC\x88rger") == "bürger");  // decomposed ü composes
}

TEST_CASE("spelling_key makes umlaut and ß spellings equal", "[analyzers][folding]") {
    CHECK(spelling_key("München") == "muenchen");
    CHECK(spelling_key("Muenchen") == "muenchen");
    CHECK(spelling_key("Straße") == "strasse");
    CHECK(spelling_key("Ökologie") == "oekologie");
    CHECK(spelling_key("Café") == "cafe");
}

TEST_CASE("is_valid_utf8 rejects malformed sequences", "[analyzers][folding]") {
    CHECK(is_valid_utf8("Grüße"));
    CHECK(is_valid_utf8(""));
    CHECK_FALSE(is_valid_utf8("Gr\xFC\xDF"));  // Latin-1 bytes
    CHECK_FALSE(is_valid_utf8("\xC3"));        // truncated
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80")); // UTF-16 surrogate
}

namespace {
/// U+0080 + n as UTF-8 (two bytes).
std::string latin1(unsigned n) {
    const unsigned cp = 0x80 + n;
    return {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
}
} // namespace

TEST_CASE("the Latin-1 fast path folds exactly as ICU does", "[analyzers][folding]") {
    using fundus::analyzers::detail::fold_case_icu;
    using fundus::analyzers::detail::spelling_key_icu;
    // Every character U+0080-U+00FF alone, inside a word, capitalised and next to an umlaut.
    for (unsigned n = 0; n < 0x80; ++n) {
        const std::string c = latin1(n);
        for (const std::string& word :
             {c, "X" + c + "y", "ab" + c, c + "Ö", "STRA" + c + "E", "ü" + c + c}) {
            INFO("U+00" << std::hex << (0x80 + n) << " in '" << word << "'");
            CHECK(fold_case(word) == fold_case_icu(word));
            CHECK(spelling_key(word) == spelling_key_icu(word));
        }
    }
    // Malformed and mixed text takes ICU's path and stays as it was.
    for (const std::string word : {"Gr\xC3", "\xC3(", "Stra\xC3\xC3\x9F", "Œuvre", "Łódź"}) {
        INFO(word);
        CHECK(fold_case(word) == fold_case_icu(word));
        CHECK(spelling_key(word) == spelling_key_icu(word));
    }
    CHECK(spelling_key("ÆGIR") == "ægir");
    CHECK(spelling_key("Ñandú") == "nandu");
}

} // namespace folding_test
