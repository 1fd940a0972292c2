// /api/related/{id}, /api/suggest and place recognition in /api/search over HTTP: the sample
// corpus in a real fundus-searchd on a loopback port.
#include "discovery_server.h"

#include <nlohmann/json.hpp>

#include <set>

using fundus::testing::corpus_server;
using nlohmann::json;

namespace discovery_api_test {
namespace {

constexpr const char* json_type = "application/json; charset=utf-8";

json get_json(const std::string& path, int expected_status = 200) {
    const auto answer = fundus::testing::get(corpus_server(), path);
    INFO(path << " -> " << answer.body);
    CHECK(answer.status == expected_status);
    CHECK(answer.content_type == json_type);
    return json::parse(answer.body);
}

void check_error(const std::string& path, int status, const std::string& code,
                 const std::string& parameter) {
    const json body = get_json(path, status);
    INFO(path << " -> " << body.dump());
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == code);
    CHECK(body["error"]["message"].is_string());
    if (parameter.empty())
        CHECK(body["error"]["parameter"].is_null());
    else
        CHECK(body["error"]["parameter"] == parameter);
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> out;
    for (const auto& [key, _] : object.items())
        out.insert(key);
    return out;
}

} // namespace

TEST_CASE("GET /api/related/{id} lists related posts shaped like search hits",
          "[integration][discovery]") {
    const json body = get_json("/api/related/praxis-001");
    CHECK(keys_of(body) == std::set<std::string>{"id", "hits"});
    CHECK(body["id"] == "praxis-001");
    REQUIRE(body["hits"].size() == 5); // size defaults to 5
    const json search = get_json("/api/search?q=Glasfaser&size=1");
    REQUIRE(search["hits"].size() == 1);
    std::size_t broadband = 0;
    for (const auto& hit : body["hits"]) {
        CHECK(keys_of(hit) == keys_of(search["hits"][0]));
        CHECK(hit["id"] != "praxis-001");
        for (const auto& topic : hit["topics"])
            broadband += topic == "Breitband" ? 1 : 0;
    }
    CHECK(broadband >= 4); // praxis-001 is about Glasfaser in the Prignitz
    SECTION("size and type") {
        const json two = get_json("/api/related/praxis-001?size=2&type=praxisbeispiel");
        REQUIRE(two["hits"].size() == 2);
        for (const auto& hit : two["hits"])
            CHECK(hit["type"] == "praxisbeispiel");
    }
}

TEST_CASE("GET /api/related of an unknown id is a 404 JSON error", "[integration][discovery]") {
    check_error("/api/related/gibt-es-nicht", 404, "not_found", "id");
    check_error("/api/related/praxis%20001", 404, "not_found", "id");
    check_error("/api/related/", 404, "not_found", "");
}

TEST_CASE("GET /api/related rejects bad parameters naming them", "[integration][discovery]") {
    check_error("/api/related/praxis-001?size=0", 400, "invalid_parameter", "size");
    check_error("/api/related/praxis-001?size=51", 400, "invalid_parameter", "size");
    check_error("/api/related/praxis-001?size=viele", 400, "invalid_parameter", "size");
    check_error("/api/related/praxis-001?type=blog", 400, "invalid_parameter", "type");
    check_error("/api/related/praxis-001?type=%FF", 400, "invalid_parameter", "type");
    CHECK(corpus_server().running());
}

TEST_CASE("GET /api/suggest completes words and phrases as the reader types",
          "[integration][discovery]") {
    const json body = get_json("/api/suggest?q=glasf&size=8");
    CHECK(keys_of(body) == std::set<std::string>{"query", "suggestions"});
    CHECK(body["query"] == "glasf");
    REQUIRE_FALSE(body["suggestions"].empty());
    CHECK(body["suggestions"].size() <= 8);
    const std::set<std::string> kinds = {"word", "title", "topic", "tag", "region"};
    std::set<std::string> texts;
    for (const auto& s : body["suggestions"]) {
        CHECK(keys_of(s) == std::set<std::string>{"text", "kind"});
        CHECK(kinds.contains(s["kind"].get<std::string>()));
        texts.insert(s["text"].get<std::string>());
    }
    CHECK(texts.contains("Glasfaser"));
    SECTION("umlauts spelled out, one typo, regions") {
        auto has = [](const json& b, const std::string& text) {
            for (const auto& s : b["suggestions"])
                if (s["text"] == text)
                    return true;
            return false;
        };
        CHECK(has(get_json("/api/suggest?q=mue"), "München"));
        CHECK(has(get_json("/api/suggest?q=Glasfsser"), "Glasfaser"));
        CHECK(has(get_json("/api/suggest?q=uckerm"), "Landkreis Uckermark"));
    }
    SECTION("nothing before two characters") {
        CHECK(get_json("/api/suggest?q=g")["suggestions"] == json::array());
        CHECK(get_json("/api/suggest")["suggestions"] == json::array());
    }
}

TEST_CASE("GET /api/suggest offers what readers searched often and found",
          "[integration][discovery]") {
    // Its own daemon: in the shared one, an earlier suggestion would have taken the snapshot of
    // the search statistics, kept for 30 s, and the searches below would show up only after that.
    fundus::testing::ServerProcess server(
        fundus::testing::fixture_index(fundus::testing::source_dir() / "data" / "corpus"));
    auto get_here = [&](const std::string& path) {
        const auto answer = fundus::testing::get(server, path);
        INFO(path << " -> " << answer.body);
        CHECK(answer.status == 200);
        return json::parse(answer.body);
    };
    for (int i = 0; i < 3; ++i) { // suggest-searched-min defaults to 3
        CHECK(get_here("/api/search?q=Mitfahrbank%20Dorf")["total"].get<int>() > 0);
        CHECK(get_here("/api/search?q=Mitfahrbankfest%20Xylophon")["total"] == 0);
    }
    get_here("/api/search?q=Mitfahrbank%20Dorf&page=2"); // a second page is not a new search
    const json body = get_here("/api/suggest?q=mitfahr");
    INFO(body.dump());
    REQUIRE_FALSE(body["suggestions"].empty());
    CHECK(body["suggestions"][0]["text"] == "mitfahrbank dorf");
    CHECK(body["suggestions"][0]["kind"] == "query");
    for (const auto& s : body["suggestions"])
        CHECK(s["text"] != "mitfahrbankfest xylophon"); // found nothing: never offered
}

TEST_CASE("GET /api/suggest rejects bad parameters naming them", "[integration][discovery]") {
    check_error("/api/suggest?q=gl&size=21", 400, "invalid_parameter", "size");
    check_error("/api/suggest?q=gl&size=0", 400, "invalid_parameter", "size");
    check_error("/api/suggest?q=" + std::string(201, 'x'), 400, "invalid_parameter", "q");
    check_error("/api/suggest?q=Gr%FC%DFe", 400, "invalid_parameter", "q");
    check_error("/api/suggest?q=a%00b", 400, "invalid_parameter", "q");
}

TEST_CASE("a place named in the query comes back as a suggested filter",
          "[integration][discovery]") {
    const json body = get_json("/api/search?q=Glasfaser%20Cham");
    REQUIRE(body.contains("suggested_filters"));
    CHECK(body["suggested_filters"] ==
          json::parse(R"([{"parameter":"district","value":"Landkreis Cham","matched":"Cham"}])"));
    SECTION("accepting it finds the posts of that Kreis") {
        const json filtered = get_json("/api/search?q=Glasfaser%20Cham&district=Landkreis%20Cham");
        REQUIRE(filtered["total"].get<int>() >= 1);
        for (const auto& hit : filtered["hits"])
            CHECK(hit["region"]["district"] == "Landkreis Cham");
        CHECK_FALSE(filtered.contains("suggested_filters")); // already filtered by it
    }
    SECTION("no place, no suggestion") {
        CHECK_FALSE(get_json("/api/search?q=Glasfaser").contains("suggested_filters"));
    }
}

} // namespace discovery_api_test
