// Security headers, the CORS allowlist and the static files of a real fundus-searchd serving the
// source tree's widget folder: only files inside widget/dist and widget/demo, no listing, no
// traversal.
#include "raw_http.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using fundus::testing::raw_exchange;
using fundus::testing::ServerProcess;
using nlohmann::json;

namespace security_test {
namespace {

const std::filesystem::path widget_dir = fundus::testing::source_dir() / "widget";

ServerProcess& server() {
    static std::unique_ptr<ServerProcess> process = [] {
        const auto blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";
        return std::make_unique<ServerProcess>(
            fundus::testing::fixture_index(blog), std::vector<std::string>{"--widget-dir", widget_dir.string(),
                                                 "--cors-origin", "https://blog.example",
                                                 "--cors-origin", "https://www.blog.example"});
    }();
    return *process;
}

httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
    auto client = server().client();
    return client.Get(path.c_str(), headers);
}

int raw_status(const std::string& target) {
    const auto responses =
        raw_exchange(server().port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    return responses.empty() ? 0 : responses.front().status;
}

} // namespace

TEST_CASE("CORS is allowed only for the configured origins", "[integration][security]") {
    const auto allowed = get("/api/search?q=Rufbus", {{"Origin", "https://blog.example"}});
    REQUIRE(allowed);
    CHECK(allowed->get_header_value("Access-Control-Allow-Origin") == "https://blog.example");
    CHECK(allowed->get_header_value("Vary") == "Origin");
    const auto second = get("/healthz", {{"Origin", "https://www.blog.example"}});
    REQUIRE(second);
    CHECK(second->get_header_value("Access-Control-Allow-Origin") == "https://www.blog.example");
    for (const char* origin :
         {"https://evil.example", "https://blog.example.evil.example", "null", "*"}) {
        INFO(origin);
        const auto refused = get("/api/search?q=Rufbus", {{"Origin", origin}});
        REQUIRE(refused);
        CHECK(refused->status == 200); // the browser, not the server, withholds the response
        CHECK_FALSE(refused->has_header("Access-Control-Allow-Origin"));
    }
    const auto same_origin = get("/api/search?q=Rufbus");
    REQUIRE(same_origin);
    CHECK_FALSE(same_origin->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("every response has nosniff and a referrer policy and HTML a content security policy",
          "[integration][security]") {
    for (const char* path : {"/api/search?q=Rufbus", "/healthz", "/api/nope", "/widget.js", "/"}) {
        INFO(path);
        const auto res = get(path);
        REQUIRE(res);
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(res->get_header_value("Referrer-Policy") == "strict-origin-when-cross-origin");
    }
    const auto page = get("/demo/post.html");
    REQUIRE(page);
    CHECK(page->status == 200);
    const std::string csp = page->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(get("/api/search?q=Rufbus")->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("the widget and demo files are served with ETags", "[integration][security]") {
    const auto js = get("/widget.js");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    const std::string etag = js->get_header_value("ETag");
    REQUIRE_FALSE(etag.empty());
    const auto again = get("/widget.js", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(get("/demo/blog.css")->status == 200);
    CHECK(get("/")->get_header_value("Content-Type") == "text/html; charset=utf-8");
}

TEST_CASE("nothing outside the widget folders is served and nothing is listed",
          "[integration][security]") {
    // widget/build.mjs and widget/package.json lie one level above widget/demo.
    for (const char* target : {"/demo/",
                               "/demo",
                               "/dist/widget.js",
                               "/demo/../build.mjs",
                               "/demo/..%2Fbuild.mjs",
                               "/demo/%2E%2E%2Fpackage.json",
                               "/demo/..%5Cpackage.json",
                               "/demo/.%2E/package.json",
                               "/demo/..",
                               "/demo/.",
                               "/demo/%2e",
                               "/widget.js/..",
                               "/demo/index.html/",
                               "/demo/index.html%00.js",
                               "/demo/package.json",
                               "/build.mjs",
                               "/package.json",
                               "/demo//etc/passwd",
                               "/demo/%2Fetc%2Fpasswd",
                               "/demo/~",
                               "/node_modules/esbuild/package.json"}) {
        INFO(target);
        const int status = raw_status(target);
        CHECK(status >= 400);
        CHECK(status < 500);
        CHECK(status != 200);
    }
}

} // namespace security_test
