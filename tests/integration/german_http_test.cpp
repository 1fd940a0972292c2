// Issue 3 over HTTP: each kind of German query against a real fundus-searchd.
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using fundus::testing::ServerProcess;
using nlohmann::json;

namespace german_http_test {
namespace {

ServerProcess& server() {
    static std::unique_ptr<ServerProcess> process = std::make_unique<ServerProcess>(
        fundus::testing::fixture_index(fundus::testing::source_dir() / "tests" / "fixtures" / "german.jsonl"));
    return *process;
}

json search(const std::string& q) {
    auto client = server().client();
    const auto res = client.Get("/api/search", httplib::Params{{"q", q}, {"size", "20"}}, httplib::Headers{});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

std::set<std::string> ids(const json& body) {
    std::set<std::string> out;
    for (const auto& h : body["hits"])
        out.insert(h["id"].get<std::string>());
    return out;
}

} // namespace

TEST_CASE("each kind of German query finds its document over HTTP", "[integration][german]") {
    struct Case {
        const char* query;
        const char* id;
        const char* kind;
    };
    const Case cases[] = {
        {"Strategie", "gx-01", "a part finds the compound"},
        {"Digitalisierungsstrategie", "gx-02", "a compound finds its parts written apart"},
        {"Ausbau", "gx-16", "a part finds the compound"},
        {"5G", "gx-13", "a number-letter word inside a hyphenated word"},
        {"E Government", "gx-06", "words apart find the word written together"},
        {"EGovernment", "gx-07", "a word written together finds the hyphenated form"},
        {"Maker Space", "gx-05", "words apart find the compound"},
        {"Smart City", "gx-14", "words find a hyphenated compound"},
        {"Ärztin", "gx-11", "the feminine form finds the masculine"},
        {"Arzt", "gx-10", "the masculine form finds the feminine plural"},
        {"Oberbürgermeisterin", "gx-12", "a gender form inside a compound"},
        {"Ökologie", "gx-15", "an umlaut finds its transliteration"},
        {"Buergerhand", "gx-16", "a transliteration finds itself inside a title"},
        {"OZG", "gx-08", "an abbreviation finds its long form"},
        {"öffentlicher Nahverkehr", "gx-17", "a long form finds its abbreviation"},
        {"Fördermittel beantragen", "gx-18",
         "the infinitive finds a regular verb form (beantragte)"},
        {"gewonnen", "gx-19", "a participle finds an irregular Präteritum (gewann)"},
        {"Weg", "gx-20", "a noun the word list has only in lower case finds its compound (Radweg)"},
        {"Plan", "gx-20", "a noun found by its inflections finds its compound (Zeitplan)"},
        {"Mittel", "gx-20", "a noun finds its compound in the dative plural (Landesmitteln)"},
        {"übersetzen", "gx-21",
         "an infinitive with a first umlaut finds its Präteritum (übersetzte)"},
        {"12000 Euro", "gx-20", "digits find a number written with thousands separators (12.000)"},
        {"Rechenzentrum", "gx-21", "a singular finds its borrowed plural (Rechenzentren)"},
        {"Regel", "gx-21", "a singular in -el finds its plural in -eln (Regeln)"},
        {"fördern", "gx-23", "the infinitive finds a participle (gefördert)"},
        {"Kritik", "gx-24", "a noun finds its adjective in -isch (kritischen)"},
        {"Demokratie", "gx-24", "a noun in -ie finds its adjective (demokratische)"},
        {"Kita", "gx-25", "a singular finds its plural in -s after a vowel (Kitas)"},
        {"App", "gx-25", "a singular finds its plural in -s after a p (Apps)"},
        {"KMU", "gx-26", "an abbreviation finds its plural with a lower-case -s (KMUs)"},
        {"Community", "gx-27", "a singular in -y finds its English plural (Communities)"},
        {"Welche Gemeinde beantragte Fördermittel?", "gx-18",
         "a question finds posts with some of its words"},
    };
    for (const auto& c : cases) {
        INFO(c.kind << ": " << c.query);
        CHECK(ids(search(c.query)).contains(c.id));
    }
}

TEST_CASE("a typo gets corrected results over HTTP", "[integration][german]") {
    const json body = search("Digitalisirung");
    CHECK(body["did_you_mean"] == "digitalisierung");
    CHECK(body["corrected"] == true);
    CHECK(body["corrected_query"] == "digitalisierung");
    CHECK(body["total"].get<int>() >= 2);
}

TEST_CASE("the compound itself ranks first over HTTP", "[integration][german]") {
    const json body = search("Digitalisierungsstrategie");
    REQUIRE(body["hits"].size() >= 2);
    CHECK(body["hits"][0]["id"] == "gx-01");
    CHECK(body["hits"][0]["snippet"].get<std::string>().find("<mark>Digitalisierungsstrategie</mark>") !=
          std::string::npos);
}

TEST_CASE("a question is answered by ranking over HTTP", "[integration][german]") {
    const json question = search("Welche Gemeinde beantragte Fördermittel?");
    CHECK(question["matched"] == "any");
    REQUIRE_FALSE(question["hits"].empty());
    CHECK(question["hits"][0]["id"] == "gx-22"); // the one post with every word
    const json keywords = search("Gemeinde beantragte Fördermittel");
    CHECK(keywords["matched"] == "all");
    CHECK(ids(keywords) == std::set<std::string>{"gx-22"});
}

} // namespace german_http_test
