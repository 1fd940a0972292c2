// The HTTP API over a real index and a real fundus-searchd on a loopback port.
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <thread>

using fundus::testing::run_command;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;

namespace http_api_test {
namespace {

const std::filesystem::path blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";

/// One index and one daemon for all tests of this process.
ServerProcess& server() {
    static std::unique_ptr<ServerProcess> process =
        std::make_unique<ServerProcess>(fundus::testing::fixture_index(blog));
    return *process;
}

json get_json(const std::string& path, int expected_status = 200) {
    auto client = server().client();
    const auto res = client.Get(path.c_str());
    REQUIRE(res);
    INFO(path << " -> " << res->body);
    CHECK(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    return json::parse(res->body);
}

std::set<std::string> hit_ids(const json& body) {
    std::set<std::string> ids;
    for (const auto& h : body["hits"])
        ids.insert(h["id"].get<std::string>());
    return ids;
}

void check_error(const std::string& path, int status, const std::string& parameter) {
    const json body = get_json(path, status);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"].is_string());
    CHECK(body["error"]["message"].is_string());
    if (parameter.empty())
        CHECK(body["error"]["parameter"].is_null());
    else
        CHECK(body["error"]["parameter"] == parameter);
}

} // namespace

TEST_CASE("GET /healthz reports status, documents and generation", "[integration][http]") {
    const json body = get_json("/healthz");
    CHECK(body["status"] == "ok");
    CHECK(body["documents"] == 10);
    CHECK(body["generation"] == 1);
    CHECK(body["built_at"].get<std::string>().size() == 20);
}

TEST_CASE("GET /api/search returns ranked hits with snippets and facets", "[integration][http]") {
    const json body = get_json("/api/search?q=Kommune");
    for (const char* key : {"query", "total", "page", "size", "took_ms", "hits", "facets"})
        CHECK(body.contains(key));
    CHECK(body["query"] == "Kommune");
    REQUIRE(body["total"].get<int>() >= 1);
    const json& hit = body["hits"][0];
    for (const char* key : {"id", "url", "title", "teaser", "snippet", "published", "type", "region", "topics", "score"})
        CHECK(hit.contains(key));
    CHECK(hit["id"] == "fx-01");
    CHECK(hit["snippet"].get<std::string>().find("<mark>Kommunen</mark>") != std::string::npos);
    CHECK(hit["region"]["district"] == "Landkreis Cham");
    for (const char* facet : {"topic", "region", "type", "year"})
        CHECK(body["facets"][facet].is_array());
}

TEST_CASE("German queries over HTTP", "[integration][http]") {
    CHECK(hit_ids(get_json("/api/search?q=B%C3%BCrgerinnen")).contains("fx-02")); // Bürger*innen
    CHECK(get_json("/api/search?q=Muenchen")["hits"][0]["id"] == "fx-04");
    CHECK(hit_ids(get_json("/api/search?q=%22digitale%20Verwaltung%22")) == std::set<std::string>{"fx-04"});
    CHECK(hit_ids(get_json("/api/search?q=Mobilit%C3%A4t%20-Mitfahrbank")) == std::set<std::string>{"fx-02"});
}

TEST_CASE("filters and facets over HTTP", "[integration][http]") {
    const json body = get_json("/api/search?region=Bayern&size=100");
    CHECK(body["total"] == 3);
    for (const auto& h : body["hits"])
        CHECK(h["region"]["state"] == "Bayern");
    const json typed = get_json("/api/search?type=praxisbeispiel&topic=Mobilit%C3%A4t&topic=Nahversorgung");
    CHECK(hit_ids(typed) == std::set<std::string>{"fx-02", "fx-05"});
    std::size_t sum = 0;
    const json all = get_json("/api/search?q=");
    for (const auto& f : all["facets"]["type"])
        sum += f["count"].get<std::size_t>();
    CHECK(sum == all["total"].get<std::size_t>());
}

TEST_CASE("bad parameters get a 400 with a JSON error naming the parameter", "[integration][http]") {
    check_error("/api/search?size=abc", 400, "size");
    check_error("/api/search?size=1000", 400, "size");
    check_error("/api/search?page=0", 400, "page");
    check_error("/api/search?q=Gr%FC%DFe", 400, "q");
    check_error("/api/search?q=a%00b", 400, "q");
    check_error("/api/search?q=" + std::string(1001, 'x'), 400, "q");
    check_error("/api/search?region=Atlantis", 400, "region");
    check_error("/api/search?sort=beliebt", 400, "sort");
    check_error("/api/does-not-exist", 404, "");
    CHECK(server().running());
}

TEST_CASE("security headers and the search page", "[integration][http]") {
    auto client = server().client();
    const auto res = client.Get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").starts_with("text/html"));
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK_FALSE(res->get_header_value("Content-Security-Policy").empty());
    CHECK(res->body.find("/api/search") != std::string::npos);
    const auto traversal = client.Get("/demo/..%2F..%2FCMakeLists.txt");
    REQUIRE(traversal);
    CHECK(traversal->status == 404);
}

TEST_CASE("searchd switches to a new generation without a restart", "[integration][http][reindex]") {
    TempDir dir;
    auto build = [&](const std::filesystem::path& input) {
        const auto r = run_command({fundus::testing::fundus_index_binary().string(), "build", "--input",
                                    input.string(), "--index", dir.path().string(), "--quiet"});
        REQUIRE(r.exit_code == 0);
    };
    build(blog);
    ServerProcess daemon(dir.path());
    auto client = daemon.client();
    auto generation = [&] {
        const auto res = client.Get("/healthz");
        REQUIRE(res);
        return json::parse(res->body)["generation"].get<int>();
    };
    CHECK(generation() == 1);
    build(blog);
    int seen = 1;
    for (int i = 0; i < 40 && seen == 1; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        seen = generation();
    }
    CHECK(seen == 2);
}

} // namespace http_api_test
