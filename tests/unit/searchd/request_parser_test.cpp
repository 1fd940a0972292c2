#include "fundus/searchd/request_parser.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace fundus::searchd;

namespace request_parser_test {
namespace {
const fundus::index::Gazetteer& gazetteer() {
    static const auto g = fundus::index::Gazetteer::load(fundus::testing::source_dir() / "data" / "regions");
    return g;
}
ApiError error_of(const Params& params) {
    const auto r = parse_search_request(params, gazetteer());
    REQUIRE_FALSE(r.ok());
    return r.error;
}
} // namespace

TEST_CASE("search parameters are parsed and normalised", "[searchd][params]") {
    const auto r = parse_search_request({{"q", "Glasfaser"},
                                         {"topic", "Breitband"},
                                         {"topic", "Mobilität"},
                                         {"region", "BY"},
                                         {"district", "LK Cham"},
                                         {"type", "praxisbeispiel"},
                                         {"year", "2021"},
                                         {"from", "2020-01-01"},
                                         {"to", "2021-12-31"},
                                         {"sort", "date"},
                                         {"page", "2"},
                                         {"size", "20"},
                                         {"_", "ignored"}},
                                        gazetteer());
    REQUIRE(r.ok());
    const SearchRequest& s = *r.value;
    CHECK(s.q == "Glasfaser");
    CHECK(s.topics == std::vector<std::string>{"Breitband", "Mobilität"});
    CHECK(s.regions == std::vector<std::string>{"Bayern"});
    CHECK(s.districts == std::vector<std::string>{"Landkreis Cham"});
    CHECK(s.sort == SortOrder::date);
    CHECK(s.page == 2);
    CHECK(s.size == 20);
    SECTION("defaults") {
        const auto d = parse_search_request({}, gazetteer());
        REQUIRE(d.ok());
        CHECK(d.value->page == 1);
        CHECK(d.value->size == 10);
        CHECK_FALSE(d.value->sort);
    }
}

TEST_CASE("bad parameters name themselves in the error", "[searchd][params]") {
    struct Case {
        Params params;
        std::string parameter;
        std::string message;
    };
    const std::vector<Case> cases = {
        {{{"size", "abc"}}, "size", "'size' must be a whole number, not 'abc'"},
        {{{"size", "1000"}}, "size", "'size' must be between 1 and 100, not 1000"},
        {{{"size", "0"}}, "size", "'size' must be between 1 and 100, not 0"},
        {{{"page", "0"}}, "page", "'page' must be between 1 and 10000, not 0"},
        {{{"page", "-1"}}, "page", "'page' must be a whole number, not '-1'"},
        {{{"page", "200"}, {"size", "100"}}, "page", "page × size must not exceed 10000"},
        {{{"sort", "popular"}}, "sort", "'sort' must be relevance or date, not 'popular'"},
        {{{"type", "seite"}}, "type", "'type' must be post or praxisbeispiel, not 'seite'"},
        {{{"region", "Atlantis"}}, "region", "unknown Land 'Atlantis'"},
        {{{"district", "Nirgendwo"}}, "district", "unknown Kreis 'Nirgendwo'"},
        {{{"year", "21"}}, "year", "'year' must be four digits, not '21'"},
        {{{"from", "2021-02-30"}}, "from", "'from' must be a date YYYY-MM-DD, not '2021-02-30'"},
        {{{"from", "2022-01-01"}, {"to", "2021-01-01"}}, "from", "'from' is after 'to'"},
        {{{"q", std::string(1001, 'a')}}, "q", "'q' is longer than 1000 bytes"},
        {{{"q", "Gr\xFC\xDF"}}, "q", "'q' is not valid UTF-8"},
        {{{"q", std::string("a\0b", 3)}}, "q", "'q' contains a NUL byte"},
    };
    for (const auto& c : cases) {
        INFO(c.message);
        const ApiError e = error_of(c.params);
        CHECK(e.status == 400);
        CHECK(e.code == "invalid_parameter");
        CHECK(e.parameter == c.parameter);
        CHECK(e.message == c.message);
    }
}

} // namespace request_parser_test
