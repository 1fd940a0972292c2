// SearchService's per-generation caches (related lists, did-you-mean suggestions): the same
// answers as without them, and a new index generation answered afresh.
#include "service_fixture.h"

#include <catch2/catch.hpp>

using namespace fundus::searchd;
using fundus::testing::ServiceFixture;
using fundus::testing::related;

namespace caches_test {
namespace {

void require_same_hits(const RelatedResult& a, const RelatedResult& b) {
    REQUIRE(a.hits.size() == b.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
        CHECK(a.hits[i].id == b.hits[i].id);
        CHECK(a.hits[i].score == b.hits[i].score);
        CHECK(a.hits[i].snippet == b.hits[i].snippet);
        CHECK(a.hits[i].title == b.hits[i].title);
    }
}

std::optional<std::string> did_you_mean(SearchService& service, const std::string& q) {
    SearchRequest request;
    request.q = q;
    auto outcome = service.search(request);
    REQUIRE(outcome.ok());
    return outcome.value->did_you_mean;
}

const std::string broadband_v1 =
    R"({"id":"glas-1","title":"Breitband für das Dorf","body":"Der Breitband-Ausbau mit Glasfaser beginnt, die Förderung ist bewilligt."}
{"id":"glas-2","title":"Breitband im Nachbarort","body":"Auch im Nachbarort wird Glasfaser verlegt, die Förderung kam vom Bund."}
{"id":"rufbus","title":"Der Rufbus fährt","body":"Ein Rufbus für alle Dörfer im Kreis."}
)";
// glas-2 is gone, glas-3 is new; "Breitband" is now "Breitbild".
const std::string broadband_v2 =
    R"({"id":"glas-1","title":"Breitbild für das Dorf","body":"Der Ausbau mit Glasfaser beginnt, die Förderung ist bewilligt."}
{"id":"glas-3","title":"Glasfaser in der Stadt","body":"In der Stadt wird Glasfaser verlegt, die Förderung kam vom Land."}
{"id":"rufbus","title":"Der Rufbus fährt","body":"Ein Rufbus für alle Dörfer im Kreis."}
)";

} // namespace

TEST_CASE("a cached related list is the list computed without the cache", "[searchd][cache]") {
    const auto corpus = fundus::testing::source_dir() / "data" / "corpus";
    auto cached = ServiceFixture::of_files({corpus});
    ServiceOptions no_cache;
    no_cache.related_cache_entries = 0;
    auto uncached = ServiceFixture::of_files({corpus}, no_cache);
    for (const std::string id : {"praxis-001", "praxis-002", "post-a-001"}) {
        INFO(id);
        const auto first = related(cached->service(), id);
        const auto again = related(cached->service(), id); // from the cache
        const auto computed = related(uncached->service(), id);
        require_same_hits(first, again);
        require_same_hits(again, computed);
        CHECK(again.id == id);
        CHECK(again.generation == computed.generation);
    }
    SECTION("size and type are part of what is kept") {
        related(cached->service(), "praxis-001");
        CHECK(related(cached->service(), "praxis-001", 2).hits.size() == 2);
        for (const auto& hit : related(cached->service(), "praxis-001", 5, {"praxisbeispiel"}).hits)
            CHECK(hit.type == "praxisbeispiel");
    }
}

TEST_CASE("a new index generation is answered afresh, not from the caches", "[searchd][cache]") {
    auto fixture = ServiceFixture::of_lines(broadband_v1);
    auto& service = fixture->service();
    const auto before = related(service, "glas-1");
    REQUIRE_FALSE(before.hits.empty());
    CHECK(before.hits[0].id == "glas-2");
    CHECK(did_you_mean(service, "Breitbnd") == "breitband");
    CHECK(did_you_mean(service, "Breitbnd") == "breitband"); // from the cache

    fixture->rebuild_from_lines(broadband_v2);
    REQUIRE(service.refresh());
    const auto after = related(service, "glas-1");
    CHECK(after.generation > before.generation);
    REQUIRE_FALSE(after.hits.empty());
    CHECK(after.hits[0].id == "glas-3");
    CHECK(did_you_mean(service, "Breitbnd") == "breitbild");
}

} // namespace caches_test
