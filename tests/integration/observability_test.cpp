// What fundus-searchd tells its operator and editors, over HTTP on loopback: GET /metrics, the
// JSON-lines access log, and the search statistics behind GET /api/stats.
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

namespace observability_test {
namespace {

const std::filesystem::path& index_dir() {
    return fundus::testing::fixture_index(fundus::testing::source_dir() / "tests" / "fixtures" /
                                          "blog.jsonl");
}

/// The samples of a Prometheus exposition: "name{labels}" -> value.
std::map<std::string, double> samples(const std::string& text) {
    std::map<std::string, double> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() == '#')
            continue;
        const auto space = line.rfind(' ');
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

std::vector<json> log_lines(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<json> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(json::parse(line));
    return out;
}

std::string slurp(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Waits until `file` has at least `n` lines (the log is written after the response).
std::vector<json> wait_for_lines(const std::filesystem::path& file, std::size_t n) {
    for (int i = 0; i < 50; ++i) {
        auto lines = log_lines(file);
        if (lines.size() >= n)
            return lines;
        std::this_thread::sleep_for(20ms);
    }
    return log_lines(file);
}

json stats_of(const ServerProcess& daemon, const std::string& token, int expected_status = 200) {
    auto client = daemon.client();
    const auto res =
        client.Get("/api/stats?days=7&limit=10", {{"Authorization", "Bearer " + token}});
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    return json::parse(res->body);
}

bool listed(const json& list, const std::string& query, int count) {
    for (const auto& e : list)
        if (e["query"] == query && e["count"] == count)
            return true;
    return false;
}

} // namespace

TEST_CASE("GET /metrics reports requests by endpoint and status and the index",
          "[integration][observability]") {
    ServerProcess daemon(index_dir());
    auto client = daemon.client();
    for (int i = 0; i < 3; ++i)
        REQUIRE(client.Get("/api/search?q=Kommune")->status == 200);
    REQUIRE(client.Get("/api/search?size=abc")->status == 400);
    REQUIRE(client.Get("/does/not/exist")->status == 404);
    // A request is counted right after its response went out, on a busy machine a moment later.
    std::map<std::string, double> m;
    const std::string ok = R"(fundus_http_requests_total{endpoint="/api/search",status="200"})";
    const std::string bad = R"(fundus_http_requests_total{endpoint="/api/search",status="400"})";
    const std::string missing = R"(fundus_http_requests_total{endpoint="other",status="404"})";
    for (int i = 0; i < 100 && (m[ok] < 3 || m[bad] < 1 || m[missing] < 1); ++i) {
        if (i > 0)
            std::this_thread::sleep_for(20ms);
        const auto res = client.Get("/metrics");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
        m = samples(res->body);
    }
    CHECK(m.at(R"(fundus_http_requests_total{endpoint="/api/search",status="200"})") == 3);
    CHECK(m.at(R"(fundus_http_requests_total{endpoint="/api/search",status="400"})") == 1);
    CHECK(m.at(R"(fundus_http_requests_total{endpoint="other",status="404"})") == 1);
    CHECK(m.at(R"(fundus_http_request_duration_seconds_count{endpoint="/api/search"})") == 4);
    CHECK(
        m.at(R"(fundus_http_request_duration_seconds_bucket{endpoint="/api/search",le="+Inf"})") ==
        4);
    CHECK(m.at(R"(fundus_http_request_duration_seconds_sum{endpoint="/api/search"})") > 0);
    CHECK(m.at("fundus_index_generation") == 1);
    CHECK(m.at("fundus_index_documents") == 10);
    CHECK(m.at("fundus_index_value_table_bytes") >= 10 * 24); // 6 slots x 4 bytes a document
    CHECK(m.at("fundus_index_age_seconds") >= 0);
    CHECK(m.at("fundus_index_age_seconds") < 3600);
    CHECK(m.at(R"(fundus_index_last_build_info{mode="build",result="ok"})") == 1);
    CHECK(m.at("fundus_index_last_build_rejected_records") == 0);
    CHECK(m.at("process_resident_memory_bytes") > 1e6);
}

TEST_CASE("the access log has one JSON line per request and no client addresses",
          "[integration][observability]") {
    TempDir logs;
    const auto file = logs.path() / "access.log";
    ServerProcess daemon(index_dir(), {"--access-log", file.string()});
    auto client = daemon.client();
    REQUIRE(client.Get("/api/search?q=Rufbus&size=5")->status == 200);
    REQUIRE(client.Get("/demo/nichts.html")->status == 404);
    auto lines = wait_for_lines(file, 2);
    REQUIRE(lines.size() == 2);
    // Each line is written after its response went out, so their order may differ.
    if (lines[0]["path"] != "/api/search")
        std::swap(lines[0], lines[1]);
    CHECK(lines[0]["method"] == "GET");
    CHECK(lines[0]["path"] == "/api/search");
    CHECK(lines[0]["query"] == "q=Rufbus&size=5");
    CHECK(lines[0]["endpoint"] == "/api/search");
    CHECK(lines[0]["status"] == 200);
    CHECK(lines[0]["bytes"].get<int>() > 100);
    CHECK(lines[0]["duration_ms"].get<double>() >= 0);
    CHECK(lines[0]["time"].get<std::string>().size() == 24);
    CHECK(lines[1]["endpoint"] == "/demo/{file}");
    CHECK(lines[1]["status"] == 404);
    CHECK(slurp(file).find("127.0.0.1") == std::string::npos);
    for (const auto& line : lines)
        CHECK_FALSE(line.contains("address"));
}

TEST_CASE("the access log writes client addresses only when configured",
          "[integration][observability]") {
    TempDir logs;
    const auto file = logs.path() / "access.log";
    ServerProcess daemon(index_dir(), {"--access-log", file.string(), "--access-log-address"});
    REQUIRE(daemon.client().Get("/healthz")->status == 200);
    const auto lines = wait_for_lines(file, 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["address"] == "127.0.0.1");
}

TEST_CASE("SIGHUP reopens the access log after a rotation", "[integration][observability]") {
    TempDir logs;
    const auto file = logs.path() / "access.log";
    ServerProcess daemon(index_dir(), {"--access-log", file.string()});
    REQUIRE(daemon.client().Get("/healthz")->status == 200);
    REQUIRE(wait_for_lines(file, 1).size() == 1);
    std::filesystem::rename(file, logs.path() / "access.log.1");
    ::kill(daemon.pid(), SIGHUP);
    bool reopened = false;
    for (int i = 0; i < 50 && !reopened; ++i) {
        std::this_thread::sleep_for(20ms);
        reopened = std::filesystem::exists(file);
    }
    REQUIRE(reopened);
    REQUIRE(daemon.client().Get("/healthz")->status == 200);
    CHECK(wait_for_lines(file, 1).size() == 1);
    CHECK(log_lines(logs.path() / "access.log.1").size() == 1);
    CHECK(daemon.running());
}

TEST_CASE("GET /api/stats needs the configured bearer token", "[integration][observability]") {
    ServerProcess daemon(index_dir(), {"--stats-token", "editor-secret"});
    auto client = daemon.client();
    const auto anonymous = client.Get("/api/stats");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    CHECK(anonymous->get_header_value("WWW-Authenticate").starts_with("Bearer"));
    CHECK(json::parse(anonymous->body)["error"]["code"] == "unauthorized");
    CHECK(stats_of(daemon, "editor-secre", 401)["error"]["code"] == "unauthorized");
    CHECK(stats_of(daemon, "editor-secret-and-more", 401)["error"]["code"] == "unauthorized");
    const json report = stats_of(daemon, "editor-secret");
    CHECK(report["days"].is_array());
    CHECK(report["total"]["searches"] == 0);
    CHECK(stats_of(daemon, "editor-secret", 200).contains("min_count"));
    const auto bad_days =
        client.Get("/api/stats?days=0", {{"Authorization", "Bearer editor-secret"}});
    REQUIRE(bad_days);
    CHECK(bad_days->status == 400);
    CHECK(json::parse(bad_days->body)["error"]["parameter"] == "days");
}

TEST_CASE("without a stats token GET /api/stats is disabled", "[integration][observability]") {
    ServerProcess daemon(index_dir());
    const json body = stats_of(daemon, "", 404);
    CHECK(body["error"]["code"] == "not_found");
}

TEST_CASE("search statistics count first pages and zero results and survive a restart",
          "[integration][observability]") {
    TempDir state;
    const std::vector<std::string> args = {
        "--stats-token", "t0ken", "--state-dir", state.path().string(), "--stats-min-count", "1"};
    {
        ServerProcess daemon(index_dir(), args);
        auto client = daemon.client();
        for (int i = 0; i < 3; ++i)
            REQUIRE(client.Get("/api/search?q=Rufbus")->status == 200);
        for (int i = 0; i < 2; ++i)
            REQUIRE(client.Get("/api/search?q=Rufbus&page=2&size=1")->status ==
                    200); // paging, not searching
        for (int i = 0; i < 2; ++i)
            REQUIRE(client.Get("/api/search?q=Xylophonorchester")->status == 200);
        REQUIRE(client.Get("/api/search?q=anna%40example.org")->status == 200);
        REQUIRE(client.Get("/api/search?region=Bayern")->status == 200); // browsing, not searching
        const json report = stats_of(daemon, "t0ken");
        INFO(report.dump(2));
        CHECK(report["total"]["searches"] == 6);
        CHECK(report["total"]["zero_result_searches"].get<int>() >= 2);
        CHECK(listed(report["total"]["top_queries"], "rufbus", 3));
        CHECK(listed(report["total"]["zero_result_queries"], "xylophonorchester", 2));
        CHECK(report.dump().find('@') == std::string::npos);
        CHECK(daemon.stop() == 0);
    }
    REQUIRE(std::filesystem::exists(state.path() / "search-stats.json"));
    ServerProcess restarted(index_dir(), args);
    const json report = stats_of(restarted, "t0ken");
    CHECK(listed(report["total"]["top_queries"], "rufbus", 3));
}

} // namespace observability_test
