#include "fundus/index/index_builder.h"
#include "fundus/searchd/search_service.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <numeric>
#include <set>

using namespace fundus::searchd;

namespace search_service_test {
namespace {

/// A service over the fixture blog, indexed once per test process.
std::unique_ptr<SearchService> make_service(unsigned exact_count_limit) {
    static fundus::testing::TempDir dir;
    static auto gazetteer = std::make_shared<const fundus::index::Gazetteer>(
        fundus::index::Gazetteer::load(fundus::testing::source_dir() / "data" / "regions"));
    static const bool built = [] {
        fundus::index::BuildOptions options;
        options.index_dir = dir.path();
        options.inputs.push_back({fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl",
                                  fundus::index::SourceFormat::automatic, {}});
        fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
        fundus::index::build_index(options, analyzer, *gazetteer);
        return true;
    }();
    (void)built;
    ServiceOptions service_options;
    service_options.index_dir = dir.path();
    service_options.synonyms_file = fundus::testing::source_dir() / "data" / "synonyms.txt";
    service_options.exact_count_limit = exact_count_limit;
    return std::make_unique<SearchService>(service_options, fundus::testing::resources(), gazetteer);
}

SearchService& service() {
    static std::unique_ptr<SearchService> instance = make_service(ServiceOptions{}.exact_count_limit);
    return *instance;
}

SearchResult search(SearchRequest r) {
    auto outcome = service().search(r);
    REQUIRE(outcome.ok());
    return *outcome.value;
}

SearchResult search(const std::string& q) {
    SearchRequest r;
    r.q = q;
    return search(r);
}

std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits)
        out.insert(h.id);
    return out;
}

} // namespace

TEST_CASE("German words find their inflected and alternative spellings", "[searchd][service]") {
    CHECK(ids(search("Kommune")).contains("fx-01"));              // text says "Kommunen"
    const auto muenchen = search("Muenchen");
    REQUIRE_FALSE(muenchen.hits.empty());
    CHECK(muenchen.hits[0].id == "fx-04"); // "München"; Waldmünchen (fx-01) contains it too
    CHECK(ids(search("Strasse")) == std::set<std::string>{"fx-09"}); // "Straße"
    const auto women = ids(search("Bürgerinnen"));
    CHECK(women.contains("fx-02")); // Bürger*innen
    CHECK(women.contains("fx-10")); // BürgerInnen
    CHECK(ids(search("Ärztinnen")).contains("fx-03")); // Ärzt*innen
}

TEST_CASE("a quoted phrase matches only the phrase", "[searchd][service]") {
    CHECK(ids(search("\"digitale Verwaltung\"")) == std::set<std::string>{"fx-04"});
    const auto words = ids(search("digitale Verwaltung"));
    CHECK(words.contains("fx-04"));
    CHECK(words.contains("fx-06")); // both words, far apart
}

TEST_CASE("exclusion OR groups and fields", "[searchd][service]") {
    CHECK(ids(search("Mobilität")) == std::set<std::string>{"fx-02", "fx-07"});
    CHECK(ids(search("Mobilität -Mitfahrbank")) == std::set<std::string>{"fx-02"});
    CHECK(ids(search("Mobilität -mitfahrbank")) == std::set<std::string>{"fx-02"});
    // after "und", "oder" or a comma, "-wort" is the suspension hyphen of German ellipsis
    // ("Privatpersonen und -organisationen"): searched, not excluded
    CHECK(ids(search("Mobilität und -mitfahrbank")) == std::set<std::string>{"fx-07"});
    CHECK(ids(search("Mobilität, -mitfahrbank")) == std::set<std::string>{"fx-07"});
    CHECK(ids(search("Mobilität und -Mitfahrbank")) == std::set<std::string>{"fx-02"}); // capital: excluded
    CHECK(ids(search("Rufbus OR Dorfladen")) == std::set<std::string>{"fx-02", "fx-05"});
    CHECK(ids(search("title:Rufbus")) == std::set<std::string>{"fx-02"});
    CHECK(ids(search("author:Lehmann")) == std::set<std::string>{"fx-01"});
}

TEST_CASE("words of the title rank a post above one that only mentions them", "[searchd][service]") {
    const auto r = search("Glasfaser");
    REQUIRE_FALSE(r.hits.empty());
    CHECK(r.hits[0].id == "fx-01");
    CHECK(r.hits[0].snippet.find("<mark>") != std::string::npos);
}

TEST_CASE("filters by Land return only that Land", "[searchd][service]") {
    SearchRequest r;
    r.regions = {"Bayern"};
    const auto result = search(r);
    CHECK(ids(result) == std::set<std::string>{"fx-01", "fx-04", "fx-07"});
    for (const auto& h : result.hits)
        CHECK(h.region.state == "Bayern");
    SECTION("the region facet still offers the other Länder (multi-select)") {
        CHECK(result.facets.region.size() == 8);
        const auto bayern = std::find_if(result.facets.region.begin(), result.facets.region.end(),
                                         [](const FacetValue& f) { return f.value == "Bayern"; });
        REQUIRE(bayern != result.facets.region.end());
        CHECK(bayern->selected);
        CHECK(bayern->count == 3);
    }
    SECTION("the district facet lists the Kreise of the chosen Land") {
        std::set<std::string> districts;
        for (const auto& f : result.facets.district)
            districts.insert(f.value);
        CHECK(districts == std::set<std::string>{"Landkreis Cham", "München"});
    }
    SECTION("several values of one facet are ORed, facets are ANDed") {
        SearchRequest two;
        two.regions = {"Bayern", "Brandenburg"};
        two.topics = {"Mobilität"};
        CHECK(ids(search(two)) == std::set<std::string>{"fx-02", "fx-07"});
    }
}

TEST_CASE("single-valued facet counts add up to the total", "[searchd][service]") {
    for (const std::string q : {"", "Glasfaser", "Dorf", "Bürgerinnen"}) {
        INFO(q);
        const auto r = search(q);
        auto sum = [](const std::vector<FacetValue>& values) {
            return std::accumulate(values.begin(), values.end(), std::size_t{0},
                                   [](std::size_t n, const FacetValue& f) { return n + f.count; });
        };
        CHECK(sum(r.facets.region) == r.total);
        CHECK(sum(r.facets.type) == r.total);
        CHECK(sum(r.facets.year) == r.total);
        CHECK(sum(r.facets.topic) >= r.total); // several topics per post
    }
}

TEST_CASE("past the exact count limit totals and facet counts are scaled estimates", "[searchd][service]") {
    auto sampling = make_service(1);
    auto sum = [](const std::vector<FacetValue>& values) {
        return std::accumulate(values.begin(), values.end(), std::size_t{0},
                               [](std::size_t n, const FacetValue& f) { return n + f.count; });
    };
    int estimated = 0;
    for (const std::string q : {"Glasfaser Dorf Kommune", "Bürgerinnen Dorf", "Digitalisierung Verwaltung"}) {
        INFO(q);
        SearchRequest r;
        r.q = q;
        r.size = 2;
        const auto exact = search(r);
        CHECK(exact.counts_exact);
        auto outcome = sampling->search(r);
        REQUIRE(outcome.ok());
        const auto& sampled = *outcome.value;
        REQUIRE(sampled.hits.size() == exact.hits.size()); // the page itself is never sampled
        for (std::size_t i = 0; i < exact.hits.size(); ++i)
            CHECK(sampled.hits[i].id == exact.hits[i].id);
        if (sampled.counts_exact) {
            CHECK(sampled.total == exact.total);
            CHECK(sum(sampled.facets.type) == exact.total);
            continue;
        }
        ++estimated;
        // Each value seen in the sample stands for its share of all matches.
        CHECK(sum(sampled.facets.type) >= sampled.total * 7 / 10);
        CHECK(sum(sampled.facets.type) <= sampled.total * 13 / 10 + 1);
        CHECK(sum(sampled.facets.type) < exact.total * 2 + 2);
    }
    CHECK(estimated > 0); // Xapian stopped early for at least one of them
}

TEST_CASE("a total can be exact while the facets are sampled", "[searchd][service]") {
    auto sampling = make_service(1);
    SearchRequest r;
    r.q = ""; // every post, newest first
    r.size = 100; // one page holds every match: Xapian sees them all
    const auto exact = search(r);
    REQUIRE(exact.total > 1);
    CHECK(exact.total_exact);
    CHECK(exact.facets_exact);
    CHECK(exact.counts_exact);
    auto outcome = sampling->search(r);
    REQUIRE(outcome.ok());
    const auto& sampled = *outcome.value;
    CHECK(sampled.total == exact.total);
    CHECK(sampled.total_exact);
    CHECK_FALSE(sampled.facets_exact); // counted over the first match and scaled
    CHECK_FALSE(sampled.counts_exact);
    // A text query on a short page: Xapian stops early and estimates the total.
    int estimated_totals = 0;
    for (const std::string q : {"Glasfaser Dorf Kommune", "Bürgerinnen Dorf", "Digitalisierung Verwaltung"}) {
        r.q = q;
        r.size = 1;
        outcome = sampling->search(r);
        REQUIRE(outcome.ok());
        const auto& one = *outcome.value;
        CHECK(one.counts_exact == (one.total_exact && one.facets_exact));
        if (!one.total_exact)
            ++estimated_totals;
    }
    CHECK(estimated_totals > 0);
}

TEST_CASE("an empty query browses everything, newest first", "[searchd][service]") {
    SearchRequest r;
    r.size = 100;
    const auto result = search(r);
    CHECK(result.total == 10);
    REQUIRE(result.hits.size() == 10);
    CHECK(result.hits.front().id == "fx-09"); // 2026
    CHECK(result.hits.back().id == "fx-07");  // 2018
    SECTION("date range and paging") {
        SearchRequest ranged;
        ranged.from = "2020-01-01";
        ranged.to = "2021-12-31";
        ranged.size = 2;
        ranged.page = 2;
        const auto page2 = search(ranged);
        CHECK(page2.total == 3); // fx-04, fx-10, fx-01
        REQUIRE(page2.hits.size() == 1);
        CHECK(page2.hits[0].id == "fx-04");
    }
}

TEST_CASE("an unknown word gets a did-you-mean, and results when nothing else matched", "[searchd][service]") {
    const auto r = search("Glasfasr");
    REQUIRE(r.did_you_mean);
    CHECK(*r.did_you_mean == "glasfaser");
    CHECK(r.corrected);
    CHECK(ids(r).contains("fx-01"));
}

} // namespace search_service_test
