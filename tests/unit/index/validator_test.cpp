#include "fundus/index/validator.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using fundus::index::Gazetteer;
using fundus::index::html_to_text;
using fundus::index::normalise_date;
using fundus::index::PostValidator;
using fundus::index::RecordProblem;
using nlohmann::json;

namespace validator_test {
namespace {
const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::load(fundus::testing::source_dir() / "data" / "regions");
    return g;
}
} // namespace

TEST_CASE("dates are normalised to YYYY-MM-DD", "[index][dates]") {
    CHECK(normalise_date("2021-04-12") == "2021-04-12");
    CHECK(normalise_date("2021-04-12T08:30:00Z") == "2021-04-12");
    CHECK(normalise_date("2021-04-12 08:30:00+02:00") == "2021-04-12");
    CHECK(normalise_date("Mon, 12 Apr 2021 08:30:00 +0200") == "2021-04-12");
    CHECK(normalise_date("2024-02-29") == "2024-02-29");
    SECTION("impossible or malformed dates are rejected") {
        for (const char* bad : {"2023-02-29", "2021-13-01", "2021-00-10", "12.04.2021", "gestern", "2021-4-1", ""}) {
            INFO(bad);
            CHECK(normalise_date(bad).empty());
        }
    }
}

TEST_CASE("HTML becomes text with headings kept as lines", "[index][html]") {
    std::vector<std::string> headings;
    const auto text = html_to_text("<h2>Ausgangslage</h2><p>Viele <b>Kommunen</b> &amp; Kreise.</p>"
                                   "<script>alert(1)</script><ul><li>eins</li><li>zwei</li></ul>",
                                   &headings);
    CHECK(text == "Ausgangslage\n\nViele Kommunen & Kreise.\n\neins\n\nzwei");
    CHECK(headings == std::vector<std::string>{"Ausgangslage"});
    CHECK(html_to_text("Nur Text, keine Auszeichnung") == "Nur Text, keine Auszeichnung");
}

TEST_CASE("a valid record becomes a normalised Post", "[index][validator]") {
    PostValidator validator(gazetteer());
    std::vector<RecordProblem> problems;
    const auto post = validator.validate(
        json::parse(R"({"id":"a","title":"T","published":"2021-04-12T10:00:00Z","type":"praxisbeispiel",
                        "topics":"Mobilität","authors":["A B"],
                        "region":{"state":"BY","district":"LK Cham","municipality":"Waldmünchen"}})"),
        {"f.jsonl", 3}, problems);
    REQUIRE(post);
    CHECK(problems.empty());
    CHECK(post->published == "2021-04-12");
    CHECK(post->region.state == "Bayern");
    CHECK(post->region.district == "Landkreis Cham");
    CHECK(post->topics == std::vector<std::string>{"Mobilität"});
    CHECK(post->type == "praxisbeispiel");
}

TEST_CASE("each invalid field is reported with file, line and field", "[index][validator]") {
    PostValidator validator(gazetteer());
    auto problems_of = [&](const char* record) {
        std::vector<RecordProblem> problems;
        const auto post = validator.validate(json::parse(record), {"posts.jsonl", 7}, problems);
        CHECK_FALSE(post);
        REQUIRE_FALSE(problems.empty());
        return problems.front().to_string();
    };
    CHECK(problems_of(R"({"title":"T"})") == "posts.jsonl:7: id: missing");
    CHECK(problems_of(R"({"id":"x"})") == "posts.jsonl:7: title: missing");
    CHECK(problems_of(R"({"id":"x","title":"T","published":"2021-02-30"})") ==
          "posts.jsonl:7: published: not a valid date: '2021-02-30' (expected YYYY-MM-DD)");
    CHECK(problems_of(R"({"id":"x","title":"T","region":{"state":"Atlantis"}})") ==
          "posts.jsonl:7: region.state: unknown Land 'Atlantis'");
    CHECK(problems_of(R"({"id":"x","title":"T","region":{"state":"Bayern","district":"Landkreis Uckermark"}})") ==
          "posts.jsonl:7: region.district: 'Landkreis Uckermark' is not in Bayern");
    CHECK(problems_of(R"({"id":"x","title":"T","type":"seite"})") ==
          "posts.jsonl:7: type: must be 'post' or 'praxisbeispiel', not 'seite'");
    CHECK(problems_of(R"({"id":["x"],"title":"T"})") == "posts.jsonl:7: id: must be a string, not array");
}

TEST_CASE("unknown fields and unknown Kreise are warnings, not errors", "[index][validator]") {
    PostValidator validator(gazetteer());
    std::vector<RecordProblem> problems;
    const auto post = validator.validate(
        json::parse(R"({"id":"x","title":"T","colour":"blau","region":{"state":"Bayern","district":"Hinterland"}})"),
        {"p.jsonl", 1}, problems);
    REQUIRE(post);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].warning);
    CHECK(problems[0].field == "colour");
    CHECK(problems[1].field == "region.district");
    CHECK(post->region.district == "Hinterland");
}

TEST_CASE("an empty key is named as such in its warning", "[index][validator]") {
    // found by fuzz_jsonl: a problem must always name its field
    PostValidator validator(gazetteer());
    std::vector<RecordProblem> problems;
    const auto post = validator.validate(json::parse(R"({"id":"x","title":"T","":"seite"})"),
                                         {"p.jsonl", 3}, problems);
    REQUIRE(post);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].warning);
    CHECK(problems[0].field == "\"\"");
}

} // namespace validator_test
