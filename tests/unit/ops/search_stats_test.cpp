#include "fundus/error.h"
#include "fundus/searchd/metrics.h"
#include "fundus/searchd/search_stats.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace fundus::searchd;
using nlohmann::json;

namespace search_stats_test {
namespace {

std::chrono::system_clock::time_point at(const char* iso) {
    return *parse_utc_time(iso);
}

StatsOptions counting_all() {
    StatsOptions o;
    o.min_count = 1;
    return o;
}

json entry(const std::string& query, std::size_t count) {
    return {{"query", query}, {"count", count}};
}

} // namespace

TEST_CASE("queries are counted per day under their normalised text", "[ops][stats]") {
    SearchStats stats(counting_all());
    stats.record("Rufbus", 4, at("2026-11-28T10:00:00Z"));
    stats.record("  rufbus ", 4, at("2026-11-28T11:00:00Z"));
    stats.record("RUFBUS", 4, at("2026-11-29T09:00:00Z"));
    stats.record("Glasfaser  Cham", 2, at("2026-11-29T09:30:00Z"));
    const json report = stats.report(7, 10, at("2026-11-29T12:00:00Z"));
    REQUIRE(report["days"].size() == 2);
    CHECK(report["days"][0]["date"] == "2026-11-29"); // newest first
    CHECK(report["days"][0]["searches"] == 2);
    CHECK(report["days"][1]["top_queries"] == json::array({entry("rufbus", 2)}));
    CHECK(report["total"]["searches"] == 4);
    CHECK(report["total"]["top_queries"] ==
          json::array({entry("rufbus", 3), entry("glasfaser cham", 1)}));
}

TEST_CASE("queries that found nothing are listed apart", "[ops][stats]") {
    SearchStats stats(counting_all());
    const auto now = at("2026-11-29T12:00:00Z");
    stats.record("Funkloch", 0, now);
    stats.record("Funkloch", 0, now);
    stats.record("Rufbus", 3, now);
    const json day = stats.report(1, 10, now)["days"][0];
    CHECK(day["zero_result_searches"] == 2);
    CHECK(day["zero_result_queries"] == json::array({entry("funkloch", 2)}));
    CHECK(day["top_queries"] == json::array({entry("funkloch", 2), entry("rufbus", 1)}));
}

TEST_CASE("a query is reported only from the minimum count on", "[ops][stats]") {
    SearchStats stats; // min_count 2 by default
    const auto now = at("2026-11-29T12:00:00Z");
    stats.record("Max Mustermann Dorfstraße", 5, now);
    stats.record("Rufbus", 3, now);
    stats.record("Rufbus", 3, now);
    const json day = stats.report(1, 10, now)["days"][0];
    CHECK(day["searches"] == 3);
    CHECK(day["top_queries"] == json::array({entry("rufbus", 2)}));
}

TEST_CASE("queries that look personal are counted but their text is not kept", "[ops][stats]") {
    CHECK(SearchStats::normalise("anna.lehmann@example.org") == "");
    CHECK(SearchStats::normalise("Rückruf 0171 2345678") == "");
    CHECK(SearchStats::normalise("PLZ 93413 Cham") == "plz 93413 cham"); // a postcode is fine
    CHECK(SearchStats::normalise("Gr\xfc\xdf"
                                 "e") == "");
    CHECK(SearchStats::normalise(std::string(300, 'a')).size() == 200);
    SearchStats stats(counting_all());
    const auto now = at("2026-11-29T12:00:00Z");
    stats.record("anna.lehmann@example.org", 0, now);
    const json day = stats.report(1, 10, now)["days"][0];
    CHECK(day["searches"] == 1);
    CHECK(day["zero_result_searches"] == 1);
    CHECK(day["zero_result_queries"].empty());
}

TEST_CASE("days older than the retention are dropped", "[ops][stats]") {
    StatsOptions options = counting_all();
    options.keep_days = 3;
    SearchStats stats(options);
    stats.record("alt", 1, at("2026-11-01T12:00:00Z"));
    stats.record("neu", 1, at("2026-11-29T12:00:00Z"));
    const json report = stats.report(366, 10, at("2026-11-29T12:00:00Z"));
    REQUIRE(report["days"].size() == 1);
    CHECK(report["days"][0]["date"] == "2026-11-29");
}

TEST_CASE("the number of distinct queries per day is bounded", "[ops][stats]") {
    StatsOptions options = counting_all();
    options.max_queries_per_day = 3;
    SearchStats stats(options);
    const auto now = at("2026-11-29T12:00:00Z");
    for (const char* q : {"a", "b", "c", "d", "e", "a"})
        stats.record(q, 1, now);
    const json day = stats.report(1, 10, now)["days"][0];
    CHECK(day["searches"] == 6);
    CHECK(day["top_queries"].size() == 3);
    CHECK(day["top_queries"][0] == entry("a", 2));
}

TEST_CASE("statistics survive a save and a load", "[ops][stats]") {
    fundus::testing::TempDir dir;
    const auto file = dir.path() / "search-stats.json";
    const auto now = at("2026-11-29T12:00:00Z");
    {
        SearchStats stats(counting_all());
        stats.record("Rufbus", 0, now);
        CHECK(stats.changed());
        stats.save(file);
        CHECK_FALSE(stats.changed());
    }
    SearchStats loaded(counting_all());
    loaded.load(file);
    loaded.record("Rufbus", 2, now);
    const json day = loaded.report(1, 10, now)["days"][0];
    CHECK(day["top_queries"] == json::array({entry("rufbus", 2)}));
    CHECK(day["zero_result_queries"] == json::array({entry("rufbus", 1)}));
    SearchStats fresh;
    CHECK_NOTHROW(fresh.load(dir.path() / "missing.json"));
    std::ofstream(dir.path() / "broken.json") << "{\"days\": 1}";
    CHECK_THROWS_AS(fresh.load(dir.path() / "broken.json"), fundus::Error);
}

TEST_CASE("searched texts are offered by prefix, most searched first", "[ops][stats][suggest]") {
    StatsOptions options;
    options.snapshot_seconds = std::chrono::seconds(0);
    SearchStats stats(options);
    const auto day = at("2026-11-29T09:00:00Z");
    for (int i = 0; i < 5; ++i)
        stats.record("Rufbus Uckermark", 3, day);
    for (int i = 0; i < 3; ++i)
        stats.record("Rufbus", 7, day);
    stats.record("Rufbus Cham", 2, day);          // searched once: below min_count
    for (int i = 0; i < 4; ++i)
        stats.record("Rufbusse im Harz", 0, day); // never found anything
    for (int i = 0; i < 3; ++i)
        stats.record("Mühlenweg", 1, day);

    const auto now = at("2026-11-29T12:00:00Z");
    const auto rufbus = stats.searched("rufb", 8, 30, 2, now);
    REQUIRE(rufbus.size() == 2);
    CHECK(rufbus[0].query == "rufbus uckermark");
    CHECK(rufbus[0].count == 5);
    CHECK(rufbus[1].query == "rufbus");
    CHECK(stats.searched("rufb", 1, 30, 2, now).size() == 1);
    CHECK(stats.searched("rufb", 8, 30, 1, now).size() == 3); // now "rufbus cham" too

    SECTION("the prefix is a spelling key: umlauts may be spelled out") {
        const auto muehle = stats.searched("muehl", 8, 30, 2, now);
        REQUIRE(muehle.size() == 1);
        CHECK(muehle[0].query == "mühlenweg");
    }
    SECTION("only the last days count") {
        CHECK(stats.searched("rufb", 8, 30, 2, at("2026-12-28T12:00:00Z")).size() == 2);
        CHECK(stats.searched("rufb", 8, 30, 2, at("2026-12-29T12:00:00Z")).empty());
    }
    SECTION("new searches show up once the snapshot is rebuilt") {
        StatsOptions slow;
        slow.snapshot_seconds = std::chrono::seconds(30);
        SearchStats cached(slow);
        cached.record("Dorfladen", 2, day);
        cached.record("Dorfladen", 2, day);
        CHECK(cached.searched("dorf", 8, 30, 2, now).size() == 1);
        cached.record("Dorfgemeinschaft", 2, day);
        cached.record("Dorfgemeinschaft", 2, day);
        CHECK(cached.searched("dorf", 8, 30, 2, now + std::chrono::seconds(5)).size() == 1);
        CHECK(cached.searched("dorf", 8, 30, 2, now + std::chrono::seconds(31)).size() == 2);
    }
}

} // namespace search_stats_test
