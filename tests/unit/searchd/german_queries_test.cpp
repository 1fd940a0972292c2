// Issue 3, in-process: every kind of German query over tests/fixtures/german.jsonl.
#include "fundus/index/index_builder.h"
#include "fundus/searchd/search_service.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace fundus::searchd;

namespace german_queries_test {
namespace {

struct Fixture {
    fundus::testing::TempDir dir;
    std::filesystem::path synonyms = dir.path() / "synonyms.txt";
    std::shared_ptr<const fundus::index::Gazetteer> gazetteer =
        std::make_shared<const fundus::index::Gazetteer>(
            fundus::index::Gazetteer::load(fundus::testing::source_dir() / "data" / "regions"));
    std::unique_ptr<SearchService> service;

    /// An index of `posts` (JSON Lines; default: tests/fixtures/german.jsonl) and a service on it.
    explicit Fixture(std::filesystem::path posts = fundus::testing::source_dir() / "tests" /
                                                   "fixtures" / "german.jsonl") {
        std::filesystem::copy_file(fundus::testing::source_dir() / "data" / "synonyms.txt",
                                   synonyms);
        fundus::index::BuildOptions options;
        options.index_dir = dir.path() / "index";
        options.inputs.push_back({std::move(posts), fundus::index::SourceFormat::automatic, {}});
        fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
        fundus::index::build_index(options, analyzer, *gazetteer);
        ServiceOptions service_options;
        service_options.index_dir = options.index_dir;
        service_options.synonyms_file = synonyms;
        service = std::make_unique<SearchService>(service_options, fundus::testing::resources(), gazetteer);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

SearchResult search(const std::string& q, Fixture& f = fixture()) {
    SearchRequest r;
    r.q = q;
    r.size = 20;
    auto outcome = f.service->search(r);
    REQUIRE(outcome.ok());
    return *outcome.value;
}

std::set<std::string> ids(const std::string& q, Fixture& f = fixture()) {
    std::set<std::string> out;
    for (const auto& h : search(q, f).hits)
        out.insert(h.id);
    return out;
}

bool finds(const std::string& q, const std::string& id) { return ids(q).contains(id); }

} // namespace

TEST_CASE("a part finds the compound", "[searchd][german][compounds]") {
    const auto strategie = ids("Strategie");
    for (const char* id : {"gx-01", "gx-02", "gx-03", "gx-14"}) {
        INFO(id);
        CHECK(strategie.contains(id));
    }
    CHECK(finds("Ausbau", "gx-16")); // Glasfaserausbau
    CHECK(finds("Ausbau", "gx-13")); // 5G-Ausbau
}

TEST_CASE("a compound finds its parts written apart and ranks itself first", "[searchd][german][compounds]") {
    const auto r = search("Digitalisierungsstrategie");
    std::vector<std::string> order;
    for (const auto& h : r.hits)
        order.push_back(h.id);
    REQUIRE(order.size() >= 2);
    CHECK(order[0] == "gx-01");
    CHECK(std::find(order.begin(), order.end(), "gx-02") != order.end());
    CHECK(std::find(order.begin(), order.end(), "gx-03") == order.end()); // the parts far apart
    const auto words = ids("Digitalisierung Strategie");
    CHECK(words == std::set<std::string>{"gx-01", "gx-02", "gx-03"});
}

TEST_CASE("hyphen and spacing variants find each other", "[searchd][german][hyphens]") {
    for (const char* q : {"EGovernment", "E-Government", "E Government"}) {
        INFO(q);
        CHECK(ids(q) == std::set<std::string>{"gx-06", "gx-07"});
    }
    for (const char* q : {"Makerspace", "Maker Space", "Maker-Space"}) {
        INFO(q);
        CHECK(ids(q) == std::set<std::string>{"gx-04", "gx-05"});
    }
    CHECK(ids("Smart City") == std::set<std::string>{"gx-14"});
    CHECK(ids("5G") == std::set<std::string>{"gx-13"});
}

TEST_CASE("gender forms and their masculine forms find each other", "[searchd][german][gender]") {
    CHECK(finds("Ärztin", "gx-10"));
    CHECK(finds("Ärztin", "gx-11")); // Arzt
    CHECK(finds("Arzt", "gx-10"));   // Ärztinnen
    CHECK(finds("Ärzt*innen", "gx-11"));
    CHECK(finds("Oberbürgermeisterin", "gx-12"));
    CHECK(finds("Oberbürgermeister", "gx-12"));
    CHECK(finds("Bürgermeister", "gx-12")); // inside the compound
}

TEST_CASE("umlaut transliterations in both directions and inside compounds", "[searchd][german][umlauts]") {
    CHECK(finds("Ökologie", "gx-15"));
    CHECK(finds("Straße", "gx-15"));
    CHECK(finds("Bürgergenossenschaft", "gx-16"));
    CHECK(finds("Bürgerhand", "gx-16"));
}

TEST_CASE("abbreviations and their long forms are synonyms", "[searchd][german][synonyms]") {
    CHECK(finds("OZG", "gx-08"));
    CHECK(finds("ÖPNV", "gx-09"));
    CHECK(finds("öffentlicher Nahverkehr", "gx-17"));
    CHECK(finds("Onlinezugangsgesetz", "gx-08"));
}

TEST_CASE("the synonyms file is reloaded without a rebuild", "[searchd][german][synonyms]") {
    CHECK_FALSE(finds("Fablab", "gx-05"));
    {
        std::ofstream out(fixture().synonyms, std::ios::app);
        out << "Fablab, Makerspace\n";
    }
    std::filesystem::last_write_time(fixture().synonyms,
                                     std::filesystem::last_write_time(fixture().synonyms) + std::chrono::seconds(2));
    CHECK(fixture().service->refresh());
    CHECK(finds("Fablab", "gx-05"));
}

TEST_CASE("a typo is corrected when the query finds nothing", "[searchd][german][spelling]") {
    const auto r = search("Digitalisirung");
    REQUIRE(r.did_you_mean);
    CHECK(*r.did_you_mean == "digitalisierung");
    CHECK(r.corrected);
    CHECK_FALSE(r.hits.empty());
    SECTION("a known word is not corrected") {
        CHECK_FALSE(search("Digitalisierung").did_you_mean);
    }
}

TEST_CASE("a keyword query found only in part is corrected when the correction finds every word",
          "[searchd][german][spelling]") {
    // "Genosenschaft" is unknown: the query alone would find every post with "Gemeinde"
    const auto r = search("Genosenschaft Gemeinde");
    REQUIRE(r.did_you_mean);
    CHECK(*r.did_you_mean == "genossenschaft Gemeinde");
    CHECK(r.corrected);
    CHECK(r.corrected_query == *r.did_you_mean);
    CHECK(r.matched == "all");
    CHECK_FALSE(r.relaxed);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == "gx-22");
    SECTION("not when the correction does not find every word either") {
        const auto partial = search("Genosenschaft Makerspace"); // no post has both
        REQUIRE(partial.did_you_mean);
        CHECK_FALSE(partial.corrected);
        CHECK(partial.relaxed);
        CHECK_FALSE(partial.hits.empty());
    }
}

TEST_CASE("a keyword query no post matches whole ranks the posts with all words but one first",
          "[searchd][german][ranking]") {
    // No post has all three words; gx-22 has two ("Die Gemeinde beantragte …"), gx-24 only
    // "Infrastruktur", but in its title (weighted 5×), so by weight alone it would come first.
    const auto r = search("Gemeinde beantragte Infrastruktur");
    CHECK(r.matched == "any");
    CHECK(r.relaxed);
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == "gx-22");
    CHECK(ids("Gemeinde beantragte Infrastruktur").contains("gx-24")); // still found, below
}

TEST_CASE("a long natural-language question still ranks the right post first", "[searchd][german][ranking]") {
    const auto r = search("Wie viele Oberbürgermeisterinnen berichten denn im Gespräch über ihre Arbeit?");
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == "gx-12");
    CHECK(r.matched == "any");
}

TEST_CASE("a hyphenated word counts once however many of its forms match",
          "[searchd][german][hyphens]") {
    // gx-07 has "E-Government": the phrase, the joined term the index gives the run's head and
    // the parts all match the same words; the best of them counts, not their sum
    auto score = [](const std::string& q) {
        for (const auto& h : search(q).hits)
            if (h.id == "gx-07")
                return h.score;
        FAIL("gx-07 not found for " << q);
        return 0.0;
    };
    const double hyphenated = score("E-Government");
    const double phrase = score("\"E Government\"");
    const double joined = score("EGovernment");
    INFO("E-Government " << hyphenated << ", phrase " << phrase << ", joined " << joined);
    CHECK(hyphenated == Approx(std::max(phrase, joined)).epsilon(0.01));
    CHECK(hyphenated < phrase + joined);
}

TEST_CASE("a noun in -ung made from a verb is found whole, not by false parts",
          "[searchd][german][compounds]") {
    CHECK(finds("Gründung", "gx-22"));
    CHECK_FALSE(finds("Grün", "gx-22")); // Gründung is no Grün + Dung
    CHECK_FALSE(finds("Dung", "gx-22"));
    CHECK(finds("gefördert", "gx-23"));
    CHECK(finds("fördern", "gx-23")); // the participle's infinitive
}

TEST_CASE("an adjective in -isch and its noun find each other", "[searchd][german]") {
    CHECK(finds("Kritik", "gx-24"));      // kritischen
    CHECK(finds("Demokratie", "gx-24"));  // demokratische
    CHECK(finds("städtisch", "gx-24"));   // itself
    CHECK(finds("Städter", "gx-24"));     // städtischen: the noun in -er
    CHECK(finds("kritisch", "gx-24"));    // the query side: Kritik's term and its own
    CHECK_FALSE(finds("Krise", "gx-24")); // the first rule that finds a noun decides
}

TEST_CASE("a plural or genitive in -s that Snowball keeps and its singular find each other",
          "[searchd][german][plurals]") {
    CHECK(finds("Kita", "gx-25"));                            // Kitas
    CHECK(finds("App", "gx-25"));                             // Apps
    CHECK(finds("Büro", "gx-25"));                            // Büros
    CHECK(finds("Buero", "gx-25"));                           // transliterated too
    CHECK(finds("Kitas", "gx-25"));                           // itself
    CHECK(ids("Kita App") == std::set<std::string>{"gx-25"}); // both words required, both found
}

TEST_CASE("a singular in -y finds its English plural in -ies", "[searchd][german][plurals]") {
    CHECK(finds("Story", "gx-27"));     // Stories
    CHECK(finds("Community", "gx-27")); // Communities
    CHECK(finds("Stories", "gx-27"));
}

TEST_CASE("an abbreviation finds its plural with a lower-case -s", "[searchd][german][plurals]") {
    CHECK(finds("KMU", "gx-26")); // KMUs
    CHECK(finds("kmu", "gx-26")); // typed in lower case
    CHECK(finds("NGO", "gx-26")); // NGOs
    CHECK(finds("PC", "gx-26"));  // PCs
    CHECK(finds("KMUs", "gx-26"));
}

TEST_CASE("a question matches any of its words and ranks while keywords require all",
          "[searchd][german][ranking]") {
    CHECK(search("Gemeinde beantragte Fördermittel").matched == "all");
    CHECK(ids("Gemeinde beantragte Fördermittel") == std::set<std::string>{"gx-22"});
    for (const char* q :
         {"Welche Gemeinde beantragte Fördermittel?", "welche Gemeinde beantragte Fördermittel",
          "Gemeinde beantragte Fördermittel?"}) {
        INFO(q);
        const auto question = search(q);
        CHECK(question.matched == "any");
        REQUIRE_FALSE(question.hits.empty());
        CHECK(question.hits[0].id == "gx-22"); // all three words rank first
        CHECK(ids(q).contains("gx-18"));       // "beantragte Fördermittel", another Gemeinde's
    }
    SECTION("questions_match_any = false treats a question like keywords") {
        ServiceOptions options;
        options.index_dir = fixture().dir.path() / "index";
        options.questions_match_any = false;
        SearchService strict(options, fundus::testing::resources(), fixture().gazetteer);
        SearchRequest r;
        r.q = "Welche Gemeinde beantragte Fördermittel?";
        const auto outcome = strict.search(r);
        REQUIRE(outcome.ok());
        CHECK(outcome.value->matched == "all");
        REQUIRE(outcome.value->hits.size() == 1);
        CHECK(outcome.value->hits[0].id == "gx-22");
    }
}

TEST_CASE("stop words only break ties in a question's ranking", "[searchd][german][ranking]") {
    // "Was hat die Gemeinde mit den?" ranks like "Gemeinde" wherever the content
    // words tell two posts apart: many posts have "die", "den", "hat" or "mit", some in the title
    const auto keywords = search("Gemeinde");
    const auto question = search("Was hat die Gemeinde mit den?");
    REQUIRE(question.matched == "any");
    std::map<std::string, double> by_keywords;
    for (const auto& h : keywords.hits)
        by_keywords[h.id] = h.score;
    std::vector<std::string> order; // the question's hits that the keywords found, in order
    for (const auto& h : question.hits)
        if (by_keywords.contains(h.id))
            order.push_back(h.id);
    REQUIRE(order.size() == by_keywords.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = i + 1; j < order.size(); ++j) {
            INFO(order[i] << " before " << order[j]);
            CHECK(by_keywords[order[i]] >= by_keywords[order[j]] * 0.99);
        }
}

TEST_CASE("stop words find nothing on their own", "[searchd][german][ranking]") {
    // "was", "ist", "eine", "im" are in many posts; only the posts with a content word answer,
    // also when no post has every content word ("Posaunenchor" is in none)
    for (const char* q :
         {"Was ist eine Genossenschaft?", "Was ist eine Genossenschaft im Posaunenchor?",
          "was ist eine Genossenschaft im Posaunenchor"}) {
        INFO(q);
        const auto r = search(q);
        CHECK(r.matched == "any");
        CHECK_FALSE(r.relaxed); // a question: any word from the start, no fallback
        CHECK(r.total == 2);
        CHECK(ids(q) == std::set<std::string>{"gx-16", "gx-22"});
    }
    // keywords that no post has together fall back to any of them, and say so
    const auto fallback = search("Genossenschaft Posaunenchor");
    CHECK(fallback.matched == "any");
    CHECK(fallback.relaxed);
    CHECK(fallback.total == 2);
    CHECK_FALSE(search("Genossenschaft").relaxed);
    // a question of stop words only requires them all: many posts have "das", "den" or "mit",
    // only gx-23 has all four ("Das Land hat den Umbau … mit 80 Prozent gefördert")
    const auto stops = search("Hat das mit den?");
    CHECK(stops.matched == "all");
    CHECK(ids("Hat das mit den?") == std::set<std::string>{"gx-23"});
}

TEST_CASE("a name the word list lacks and its genitive find each other when the index says so",
          "[searchd][german][plurals]") {
    // Its own small index: what counts is how many posts have each form.
    fundus::testing::TempDir dir;
    const auto file = dir.path() / "names.jsonl";
    {
        std::ofstream out(file);
        auto post = [&](const char* id, const char* title, const char* body) {
            out << R"({"id": ")" << id << R"(", "title": ")" << title << R"(", "body": ")" << body
                << R"(", "published": "2025-04-01", "type": "post"})" << '\n';
        };
        post("n1", "Teterow testet den Rufbus", "In Teterow fährt seit dem Frühjahr ein Rufbus.");
        post("n2", "Neue Ladesäulen in Teterow", "Teterow baut vier Ladesäulen am Markt.");
        post("n3", "Teterows Bürgermeister zieht Bilanz", "Der Haushalt ist ausgeglichen.");
        post("l1", "Lukas leitet das Repair-Café", "Lukas repariert Toaster und Radios.");
        post("l2", "Lukas und die Senioren", "Lukas erklärt Tablets im Gemeindehaus.");
        post("l3", "Luka hilft mit", "Luka ist neu im Team des Dorfladens.");
    }
    Fixture names(file);
    auto found = [&](const std::string& q) { return ids(q, names); };
    // the genitive (one post) is rarer than the name (two): each finds the other
    CHECK(found("Teterow") == std::set<std::string>{"n1", "n2", "n3"});
    CHECK(found("Teterows") == std::set<std::string>{"n1", "n2", "n3"});
    CHECK(found("teterow") == std::set<std::string>{"n1", "n2", "n3"}); // typed in lower case
    // a name in -s that is the commoner form is no genitive: Lukas and Luka stay apart
    CHECK(found("Lukas") == std::set<std::string>{"l1", "l2"});
    CHECK(found("Luka") == std::set<std::string>{"l3"});
}

} // namespace german_queries_test
