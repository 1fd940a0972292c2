#include "fundus/searchd/metrics.h"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace fundus::searchd;

namespace metrics_test {
namespace {

Metrics make() {
    return Metrics({"/api/search", "/healthz", "/demo/{file}", "/api/related/{id}", "/"});
}

IndexState index_state() {
    IndexState s;
    s.generation = 7;
    s.documents = 112;
    s.value_table_bytes = 2688;
    s.meta = {
        {"built_at", "2026-11-29T16:00:00Z"}, {"rejected", 2}, {"seconds", 1.5}, {"mode", "build"}};
    return s;
}

std::chrono::system_clock::time_point at(const char* iso) {
    return *parse_utc_time(iso);
}

bool has_line(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l))
        if (l == line)
            return true;
    return false;
}

} // namespace

TEST_CASE("request paths are counted under their route labels", "[ops][metrics]") {
    const Metrics m = make();
    CHECK(m.endpoint_of("/api/search") == "/api/search");
    CHECK(m.endpoint_of("/demo/post.html") == "/demo/{file}");
    CHECK(m.endpoint_of("/api/related/praxis-001") == "/api/related/{id}");
    CHECK(m.endpoint_of("/api/related/") == "other");
    CHECK(m.endpoint_of("/api/related/a/b") == "other");
    CHECK(m.endpoint_of("/etc/passwd") == "other");
    CHECK(m.endpoint_of("/") == "/");
    CHECK(m.endpoint_of("") == "invalid");
}

TEST_CASE("requests are counted by endpoint and status with a cumulative latency histogram",
          "[ops][metrics]") {
    Metrics m = make();
    m.observe("/api/search", 200, 0.003);
    m.observe("/api/search", 200, 0.2);
    m.observe("/api/search", 400, 0.0005);
    m.observe("/nope", 404, 0.0001);
    const std::string text = m.render(index_state(), at("2026-11-29T17:00:00Z"));
    CHECK(has_line(text, R"(fundus_http_requests_total{endpoint="/api/search",status="200"} 2)"));
    CHECK(has_line(text, R"(fundus_http_requests_total{endpoint="/api/search",status="400"} 1)"));
    CHECK(has_line(text, R"(fundus_http_requests_total{endpoint="other",status="404"} 1)"));
    CHECK(has_line(
        text,
        R"(fundus_http_request_duration_seconds_bucket{endpoint="/api/search",le="0.001"} 1)"));
    CHECK(has_line(
        text,
        R"(fundus_http_request_duration_seconds_bucket{endpoint="/api/search",le="0.005"} 2)"));
    CHECK(has_line(
        text,
        R"(fundus_http_request_duration_seconds_bucket{endpoint="/api/search",le="0.25"} 3)"));
    CHECK(has_line(
        text,
        R"(fundus_http_request_duration_seconds_bucket{endpoint="/api/search",le="+Inf"} 3)"));
    CHECK(
        has_line(text, R"(fundus_http_request_duration_seconds_count{endpoint="/api/search"} 3)"));
}

TEST_CASE("the index gauges come from the generation and its generation.json", "[ops][metrics]") {
    const std::string text = make().render(index_state(), at("2026-11-29T17:00:00Z"));
    CHECK(has_line(text, "fundus_index_generation 7"));
    CHECK(has_line(text, "fundus_index_documents 112"));
    CHECK(has_line(text, "fundus_index_value_table_bytes 2688"));
    CHECK(has_line(text, "fundus_index_age_seconds 3600"));
    CHECK(has_line(text,
                   R"(fundus_index_last_build_info{mode="build",result="rejected_records"} 1)"));
    CHECK(has_line(text, "fundus_index_last_build_rejected_records 2"));
    CHECK(has_line(text, "fundus_index_last_build_duration_seconds 1.5"));
}

TEST_CASE("every line of the exposition is a comment or a sample", "[ops][metrics]") {
    Metrics m = make();
    m.observe("/api/search", 200, 0.01);
    const std::regex sample(
        R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-z_]+="[^"\\]*"(,[a-z_]+="[^"\\]*")*\})? [-+0-9.eE]+|[-+]Inf$)");
    const std::regex comment(R"(^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$)");
    std::istringstream in(m.render(index_state(), at("2026-11-29T17:00:00Z")));
    std::string line;
    int samples = 0;
    while (std::getline(in, line)) {
        INFO(line);
        CHECK((std::regex_match(line, sample) || std::regex_match(line, comment)));
        samples += line.starts_with('#') ? 0 : 1;
    }
    CHECK(samples > 10);
}

TEST_CASE("times in generation.json are read as UTC", "[ops][metrics]") {
    CHECK(std::chrono::system_clock::to_time_t(at("1970-01-02T00:00:00Z")) == 86400);
    CHECK_FALSE(parse_utc_time("2026-11-29 16:00:00"));
    CHECK_FALSE(parse_utc_time(""));
}

} // namespace metrics_test
