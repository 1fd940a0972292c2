#include "fundus/analyzers/folding.h"

#include <catch2/catch.hpp>

using fundus::analyzers::fold_case;
using fundus::analyzers::is_valid_utf8;
using fundus::analyzers::spelling_key;

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
