// SearchService::suggest (search-as-you-type) on a real index, and its typo rule as a table.
#include "service_fixture.h"
#include "suggest.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace fundus::searchd;
using fundus::testing::ServiceFixture;

namespace suggest_test {
namespace {

const std::string posts =
    R"({"id":"p1","title":"Glasfaser für München","body":"Die Gemeinde verlegt Glasfaser. Gleichzeitig plant die Gemeinde einen Rufbus.","topics":["Breitband"],"tags":["Glasfaser"],"region":{"state":"Bayern","district":"Landkreis Cham","municipality":"Waldmünchen"}}
{"id":"p2","title":"Bürgerbeteiligung in der Gemeinde","body":"Bürger*innen reden mit. Das Gemüse vom Markt. Die Gemeinde hört zu, gleichzeitig entsteht ein Plan.","topics":["Beteiligung"],"tags":["Bürgerhaushalt"],"region":{"state":"Brandenburg","district":"Landkreis Uckermark"}}
{"id":"p3","title":"Der Rufbus in der Uckermark","body":"Die Gemeinde bestellt den Rufbus per App, gleichzeitig fährt der Bus.","topics":["Mobilität"],"tags":["Rufbus","ÖPNV"],"region":{"state":"Brandenburg","district":"Landkreis Uckermark"}}
)";

ServiceFixture& fixture() {
    static auto instance = ServiceFixture::of_lines(posts);
    return *instance;
}

std::vector<Suggestion> suggest(const std::string& q, unsigned size = 8) {
    SuggestRequest request;
    request.q = q;
    request.size = size;
    auto outcome = fixture().service().suggest(request);
    REQUIRE(outcome.ok());
    CHECK(outcome.value->query == q);
    return outcome.value->suggestions;
}

std::vector<std::string> texts(const std::vector<Suggestion>& suggestions) {
    std::vector<std::string> out;
    for (const auto& s : suggestions)
        out.push_back(s.text);
    return out;
}

bool has(const std::vector<Suggestion>& suggestions, const std::string& text,
         const std::string& kind) {
    return std::any_of(suggestions.begin(), suggestions.end(),
                       [&](const Suggestion& s) { return s.text == text && s.kind == kind; });
}

} // namespace

TEST_CASE("suggestions start at two characters", "[searchd][suggest]") {
    CHECK(suggest("").empty());
    CHECK(suggest("g").empty());
    CHECK(suggest("  ü ").empty());
    CHECK(suggest("-- ?!").empty()); // punctuation only
    CHECK_FALSE(suggest("gl").empty());
}

TEST_CASE("each suggestion says what it completes to", "[searchd][suggest]") {
    CHECK(has(suggest("Mobil"), "Mobilität", "topic"));
    CHECK(has(suggest("rufb"), "Rufbus", "tag")); // also a word: the tag wins
    CHECK_FALSE(has(suggest("rufb"), "Rufbus", "word"));
    CHECK(has(suggest("Bürgerb"), "Bürgerbeteiligung in der Gemeinde", "title"));
    CHECK(has(suggest("verl"), "verlegt", "word"));
    SECTION("a phrase is found from any of its words") {
        CHECK(has(suggest("cha"), "Landkreis Cham", "region"));
        CHECK(has(suggest("Uckerm"), "Landkreis Uckermark", "region"));
        CHECK(has(suggest("Uckerm"), "Der Rufbus in der Uckermark", "title"));
    }
}

TEST_CASE("umlauts may be typed as umlauts or spelled out", "[searchd][suggest]") {
    for (const std::string q : {"mün", "Mün", "mue", "MUEN"}) {
        INFO(q);
        CHECK(has(suggest(q), "München", "word"));
    }
    CHECK(has(suggest("buer"), "Bürger*innen", "word"));
    CHECK(has(suggest("oepn"), "ÖPNV", "tag"));
}

TEST_CASE("more frequent words come first", "[searchd][suggest]") {
    const auto found = texts(suggest("gem"));
    const auto gemeinde = std::find(found.begin(), found.end(), "Gemeinde");
    const auto gemuese = std::find(found.begin(), found.end(), "Gemüse");
    REQUIRE(gemeinde != found.end());
    REQUIRE(gemuese != found.end());
    CHECK(gemeinde < gemuese); // in three posts against one
    SECTION("a word written small somewhere is shown small, not as at a sentence start") {
        CHECK(has(suggest("gleich"), "gleichzeitig", "word"));
    }
}

TEST_CASE("the last word of a longer text is completed", "[searchd][suggest]") {
    CHECK(has(suggest("Rufbus Ucker"), "Uckermark", "word"));
    CHECK(has(suggest("Glasfaser für Mü"), "München", "word"));
    SECTION("a whole title is completed from its start") {
        CHECK(has(suggest("Glasfaser für Mü"), "Glasfaser für München", "title"));
    }
}

TEST_CASE("one typo is tolerated from five characters on", "[searchd][suggest]") {
    CHECK(has(suggest("Glasfsser"), "Glasfaser", "tag"));             // a letter changed
    CHECK(has(suggest("Gemeidne"), "Gemeinde", "word"));              // two letters swapped
    CHECK(has(suggest("Uckemark"), "Landkreis Uckermark", "region")); // a letter left out
    CHECK(suggest("Gmde").empty());                                   // four letters: no typos
    SECTION("exact completions come before typo-tolerant ones") {
        const auto found = suggest("Rufbu");
        REQUIRE_FALSE(found.empty());
        CHECK(found[0].text == "Rufbus");
    }
}

TEST_CASE("size bounds the number of suggestions", "[searchd][suggest]") {
    CHECK(suggest("ge", 1).size() == 1);
    CHECK(suggest("ge", 3).size() == 3);
}

TEST_CASE("short prefixes follow a new index generation", "[searchd][suggest]") {
    auto own = ServiceFixture::of_lines(posts);
    SuggestRequest request;
    request.q = "zu";
    request.size = 8;
    CHECK(texts(own->service().suggest(request).value->suggestions).empty()); // "zu" is a stop word
    own->rebuild_from_lines(R"({"id":"z","title":"Zukunftswerkstatt im Dorf"})"
                            "\n");
    REQUIRE(own->service().refresh());
    const auto after = own->service().suggest(request).value->suggestions;
    CHECK(texts(after) ==
          std::vector<std::string>{"Zukunftswerkstatt", "Zukunftswerkstatt im Dorf"});
}

TEST_CASE("one typo in a prefix is a letter changed or left out or added or two swapped",
          "[searchd][suggest]") {
    struct Case {
        const char* typed;
        const char* word;
        bool one_typo;
    };
    const Case cases[] = {
        {"glasfsser", "glasfaser", true},  // changed
        {"glasfser", "glasfaser", true},   // left out
        {"glasfaaser", "glasfaser", true}, // one too many
        {"glasfsaer", "glasfaser", true},  // swapped
        {"glasf", "glasfaser", false},     // an exact prefix is no typo
        {"glxsfxser", "glasfaser", false}, // two changes
        {"gemeidne", "gemeinde", true},    // swapped at the end
        {"gemeindex", "gemeinde", true},   // one letter past the word
        {"gemeindexy", "gemeinde", false},
        {"ruxbus", "rufbusse", true}, // a prefix of a longer word
    };
    for (const auto& c : cases) {
        INFO(c.typed << " ~ " << c.word);
        CHECK(one_typo_prefix(c.typed, c.word) == c.one_typo);
    }
}

TEST_CASE("an index written before schema 3 still offers the words it has as terms",
          "[searchd][suggest]") {
    fundus::testing::TempDir dir;
    const std::string path = (dir.path() / "db").string();
    auto write = [&](const char* schema_version) {
        Xapian::WritableDatabase db(path,
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.set_metadata("fundus.schema", schema_version);
        for (const char* word :
             {"XSW:glasfaser\tGlasfaser", "XSW:glasfaser\tGlasfaser", "XSW:glaser\tGlaser"}) {
            Xapian::Document doc;
            doc.add_boolean_term(word);
            db.add_document(doc);
        }
        db.commit();
    };
    write("2");
    {
        const Xapian::Database db(path);
        CHECK(texts(find_suggestions(db, {db}, "glas", 8)) ==
              std::vector<std::string>{"Glasfaser", "Glaser"}); // by frequency
    }
    write("3"); // schema 3 reads words from the metadata: these terms are not words
    const Xapian::Database db(path);
    CHECK(find_suggestions(db, {db}, "glas", 8).empty());
}

TEST_CASE("searched texts go before the index's suggestions, at most half of them",
          "[searchd][suggest]") {
    const std::vector<Suggestion> found = {{"Rufbus", "word"},
                                           {"Rufbusse", "word"},
                                           {"Der Rufbus in der Uckermark", "title"},
                                           {"Rufnummer", "word"}};
    const std::vector<SearchedQuery> searched = {
        {"rufbus uckermark", 9}, {"rufbus", 4}, {"rufnummer amt", 3}};
    const auto merged = merge_searched(found, searched, 4);
    REQUIRE(merged.size() == 4);
    CHECK(merged[0].text == "rufbus uckermark");
    CHECK(merged[0].kind == "query");
    CHECK(merged[1].text == "Rufbus"); // already suggested: moves up, keeps its spelling and kind
    CHECK(merged[1].kind == "word");
    CHECK(merged[2].text == "Rufbusse");
    CHECK(merged[3].text == "Der Rufbus in der Uckermark");
    CHECK(merge_searched(found, {}, 8).size() == found.size());
    CHECK(merge_searched({}, searched, 8).size() == 3);
}

} // namespace suggest_test
