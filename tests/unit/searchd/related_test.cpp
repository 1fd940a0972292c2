// SearchService::related: a post's related posts, on real indexes.
#include "service_fixture.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace fundus::searchd;
using fundus::testing::related;
using fundus::testing::ServiceFixture;

namespace related_test {
namespace {

std::vector<std::string> ids(const RelatedResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits)
        out.push_back(h.id);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// Two posts about broadband, one about cake that shares only stop words and a year with them.
const std::string broadband =
    R"({"id":"glas-1","title":"Glasfaser für das Dorf","teaser":"Die Glasfaser kommt 2023 in das Dorf.","body":"Der Ausbau der Glasfaser beginnt im Frühjahr 2023, und die Förderung ist bewilligt. Die Bagger sind da."}
{"id":"glas-2","title":"Glasfaserausbau im Nachbarort","body":"Auch im Nachbarort wird die Glasfaser verlegt, der Ausbau geht voran, die Förderung kam vom Bund."}
{"id":"kuchen","title":"Ein Rezept für den Kuchen","body":"Der Kuchen und die Sahne sind im Jahr 2023 das, was die Leute in das Café bringt. Die und der und das."}
{"id":"glas-3","title":"Breitband in der Stadt","body":"Glasfaser in der Stadt: der Ausbau ist schnell, die Förderung gering."}
)";

} // namespace

TEST_CASE("related posts share the subject of the post and never include the post itself",
          "[searchd][related]") {
    auto fixture = ServiceFixture::of_files({fundus::testing::source_dir() / "data" / "corpus"});
    const auto result = related(fixture->service(), "praxis-001"); // Glasfaser in the Prignitz
    CHECK(result.id == "praxis-001");
    REQUIRE(result.hits.size() == 5);
    CHECK_FALSE(contains(ids(result), "praxis-001"));
    std::size_t broadband_posts = 0;
    for (const auto& hit : result.hits) {
        broadband_posts += contains(hit.topics, "Breitband") ? 1 : 0;
        CHECK_FALSE(hit.title.empty());
        CHECK_FALSE(hit.url.empty());
        CHECK(hit.snippet.find("<mark>") == std::string::npos); // no query, nothing to mark
    }
    CHECK(broadband_posts >= 4);
    SECTION("hits come best first") {
        for (std::size_t i = 1; i < result.hits.size(); ++i)
            CHECK(result.hits[i - 1].score >= result.hits[i].score);
    }
    SECTION("type= keeps only that type") {
        const auto praxis = related(fixture->service(), "praxis-001", 5, {"praxisbeispiel"});
        REQUIRE_FALSE(praxis.hits.empty());
        for (const auto& hit : praxis.hits)
            CHECK(hit.type == "praxisbeispiel");
        CHECK_FALSE(contains(ids(praxis), "praxis-001"));
    }
    SECTION("size bounds the number of hits") {
        CHECK(related(fixture->service(), "praxis-001", 2).hits.size() == 2);
    }
}

TEST_CASE("an unknown id is a not_found error naming the id", "[searchd][related]") {
    auto fixture = ServiceFixture::of_lines(broadband);
    RelatedRequest request;
    request.id = "gibt-es-nicht";
    const auto outcome = fixture->service().related(request);
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error.status == 404);
    CHECK(outcome.error.code == "not_found");
    CHECK(outcome.error.parameter == "id");
    CHECK(outcome.error.message == "no post with id 'gibt-es-nicht'");
}

TEST_CASE("stop words and numbers do not make posts related", "[searchd][related]") {
    auto fixture = ServiceFixture::of_lines(broadband);
    const auto found = ids(related(fixture->service(), "glas-1"));
    CHECK(contains(found, "glas-2"));
    CHECK(contains(found, "glas-3"));
    CHECK_FALSE(contains(found, "kuchen")); // shares only "die", "das", "der", "2023"
    CHECK_FALSE(contains(found, "glas-1"));
}

TEST_CASE("a shared topic and region lift an otherwise equal candidate", "[searchd][related]") {
    auto fixture = ServiceFixture::of_lines(
        R"({"id":"a","title":"Rufbus am Abend","body":"Der Rufbus fährt jetzt auch abends.","topics":["Mobilität"],"region":{"state":"Bayern","district":"Landkreis Cham"}}
{"id":"fern","title":"Rufbus am Wochenende","body":"Der Rufbus fährt jetzt auch am Wochenende.","topics":["Tourismus"],"region":{"state":"Hessen","district":"Vogelsbergkreis"}}
{"id":"nah","title":"Rufbus am Wochenende","body":"Der Rufbus fährt jetzt auch am Wochenende.","topics":["Mobilität"],"region":{"state":"Bayern","district":"Landkreis Cham"}}
{"id":"x","title":"Rufbus und Bürgerbus","body":"Ein Vergleich."}
)");
    const auto found = ids(related(fixture->service(), "a"));
    REQUIRE(found.size() >= 2);
    CHECK(found[0] == "nah");
    CHECK(found[1] == "fern");
}

TEST_CASE("a post whose words find nothing gets posts sharing its topic or region",
          "[searchd][related]") {
    auto fixture = ServiceFixture::of_lines(
        R"({"id":"a","title":"Photovoltaik auf dem Rathausdach","body":"Module liefern Strom.","topics":["Energie"]}
{"id":"b","title":"Windpark genehmigt","body":"Drei Anlagen drehen sich bald.","topics":["Energie"]}
{"id":"c","title":"Neue Schulbücher","body":"Lesen lernen."}
)");
    CHECK(ids(related(fixture->service(), "a")) == std::vector<std::string>{"b"});
}

TEST_CASE("past max_postings a related post must share a rarer word, and the frequent ones "
          "still order the candidates",
          "[searchd][related]") {
    // "Glasfaser" is in 3 posts, "Gemeinde" in 5: with max_postings 4 only Glasfaser makes a post
    // related, and Gemeinde still puts glas-b (which has it) before glas-c (which has not, and
    // would come first on a tie). The other posts keep Gemeinde distinctive enough for the ESet
    // (it is in under half of the posts).
    const std::string posts =
        R"({"id":"glas-a","title":"Glasfaser in der Gemeinde","body":"Die Gemeinde bekommt Glasfaser."}
{"id":"glas-c","title":"Glasfaser Bahnhof","body":"Glasfaser für den Bahnhof."}
{"id":"glas-b","title":"Glasfaser Gemeinde","body":"Glasfaser für die Gemeinde."}
{"id":"wald","title":"Gemeinde Wald","body":"Die Gemeinde pflanzt Bäume."}
{"id":"schule","title":"Gemeinde Schule","body":"Die Gemeinde baut eine Schule."}
{"id":"brunnen","title":"Gemeinde Brunnen","body":"Die Gemeinde saniert den Brunnen."}
{"id":"f1","title":"Rufbus am Abend","body":"Der Rufbus fährt jetzt auch abends."}
{"id":"f2","title":"Neue Schulbücher","body":"Lesen lernen mit Tablets."}
{"id":"f3","title":"Photovoltaik auf dem Rathausdach","body":"Module liefern Strom."}
{"id":"f4","title":"Windpark genehmigt","body":"Drei Anlagen drehen sich bald."}
{"id":"f5","title":"Sprechstunde per Video","body":"Die Ärztin ist online erreichbar."}
{"id":"f6","title":"Dorfladen mit App","body":"Bestellen am Abend, abholen am Morgen."}
{"id":"f7","title":"Mitfahrbank","body":"Wer wartet, wird mitgenommen."}
{"id":"f8","title":"Carsharing","body":"Zwei Elektroautos für alle."}
)";
    // glas-a's related posts with the given postings budget.
    auto related_at = [&](unsigned max_postings) {
        ServiceOptions options;
        options.related.max_postings = max_postings;
        auto fixture = ServiceFixture::of_lines(posts, options);
        return related(fixture->service(), "glas-a");
    };
    SECTION("without a limit, the frequent word alone makes posts related") {
        const auto found = ids(related_at(0));
        REQUIRE(found.size() == 5);
        CHECK(found[0] == "glas-b");
        CHECK(contains(found, "wald"));
    }
    SECTION("with max_postings 4 the posts with the rarer word come first, the frequent word "
            "fills the list") {
        const auto found = related_at(4);
        const auto found_ids = ids(found);
        REQUIRE(found_ids.size() == 5);
        CHECK(found_ids[0] == "glas-b");
        CHECK(found_ids[1] == "glas-c");
        for (std::size_t i = 2; i < 5; ++i)
            CHECK(
                (found_ids[i] == "wald" || found_ids[i] == "schule" || found_ids[i] == "brunnen"));
        for (std::size_t i = 1; i < 5; ++i)
            CHECK(found.hits[i].score < found.hits[i - 1].score);
    }
    SECTION("a post whose every term is over the budget is related through them all the same") {
        const auto found = ids(related_at(2));
        REQUIRE(found.size() == 5);
        CHECK(found[0] == "glas-b");
    }
}

TEST_CASE("past max_postings posts sharing a topic are still found when the words find none",
          "[searchd][related]") {
    ServiceOptions options;
    options.related.max_postings = 1;
    auto fixture = ServiceFixture::of_lines(
        R"({"id":"a","title":"Photovoltaik auf dem Rathausdach","body":"Module liefern Strom.","topics":["Energie"]}
{"id":"b","title":"Windpark genehmigt","body":"Drei Anlagen drehen sich bald.","topics":["Energie"]}
{"id":"c","title":"Windpark in Betrieb","body":"Die Anlagen drehen sich.","topics":["Energie"]}
{"id":"d","title":"Neue Schulbücher","body":"Lesen lernen."}
)",
        options);
    const auto found = ids(related(fixture->service(), "a"));
    CHECK(found.size() == 2);
    CHECK(contains(found, "b"));
    CHECK(contains(found, "c"));
}

} // namespace related_test
