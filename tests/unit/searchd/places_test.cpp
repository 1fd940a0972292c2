// Place recognition: a Land or Kreis named in the query is offered as a filter.
#include "places.h"
#include "service_fixture.h"

#include <catch2/catch.hpp>

using namespace fundus::searchd;
using fundus::testing::ServiceFixture;

namespace places_test {
namespace {

std::string offered(const std::string& q, std::vector<std::string> regions = {},
                    std::vector<std::string> districts = {}) {
    SearchRequest request;
    request.q = q;
    request.regions = std::move(regions);
    request.districts = std::move(districts);
    std::string out;
    for (const auto& f : recognise_places(request, *ServiceFixture::gazetteer()))
        out += (out.empty() ? "" : "; ") + f.parameter + "=" + f.value + " <- " + f.matched;
    return out;
}

} // namespace

TEST_CASE("a Land or Kreis in the query is offered as a filter", "[searchd][places]") {
    struct Case {
        const char* q;
        const char* offered;
    };
    const Case cases[] = {
        {"Glasfaser Cham", "district=Landkreis Cham <- Cham"},
        {"glasfaser cham", "district=Landkreis Cham <- cham"},
        {"Landkreis Cham Glasfaser", "district=Landkreis Cham <- Landkreis Cham"},
        {"LK Cham", "district=Landkreis Cham <- LK Cham"},
        {"Breitband in Bayern", "region=Bayern <- Bayern"},
        {"Rufbus Thueringen", "region=Thüringen <- Thueringen"},
        {"Mobilität nrw", "region=Nordrhein-Westfalen <- nrw"},
        {"Schulen BY", "region=Bayern <- BY"},
        {"Dorfladen (Uckermark),", "district=Landkreis Uckermark <- Uckermark"},
        {"Rufbus Brandenburg Uckermark",
         "region=Brandenburg <- Brandenburg; district=Landkreis Uckermark <- Uckermark"},
        {"Kommune Digitalisierung", ""},
        {"by the way", ""},         // two letters in small letters are no Land code
        {"\"Cham\" Glasfaser", ""}, // quoted: the reader means the word
        {"Glasfaser \"in Cham\"", ""},
        {"Glasfaser -Cham", ""}, // excluded
        {"title:Cham", ""},      // a field
        {"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.q);
        CHECK(offered(c.q) == c.offered);
    }
}

TEST_CASE("a place the request already filters by is not offered again", "[searchd][places]") {
    CHECK(offered("Glasfaser Cham", {}, {"Landkreis Cham"}).empty());
    CHECK(offered("Breitband Bayern", {"Bayern"}).empty());
    CHECK(offered("Breitband Bayern Cham", {"Bayern"}) == "district=Landkreis Cham <- Cham");
}

TEST_CASE("a search names the recognised place in suggested_filters", "[searchd][places]") {
    auto fixture = ServiceFixture::of_lines(
        R"({"id":"a","title":"Glasfaser in Waldmünchen","region":{"state":"Bayern","district":"Landkreis Cham"}})"
        "\n");
    SearchRequest request;
    request.q = "Glasfaser Cham";
    const auto result = fixture->service().search(request);
    REQUIRE(result.ok());
    REQUIRE(result.value->suggested_filters.size() == 1);
    const auto& f = result.value->suggested_filters[0];
    CHECK(f.parameter == "district");
    CHECK(f.value == "Landkreis Cham");
    CHECK(f.matched == "Cham");
    CHECK(result.value->total == 1); // the word still counts: the post is in the Landkreis Cham
}

} // namespace places_test
