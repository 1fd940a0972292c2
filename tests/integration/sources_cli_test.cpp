// fundus-index over a source with broken records, in each format: the good records are indexed
// and served, every bad one is reported at FILE:LINE with its field and reason, and the run
// exits 1 (docs/sources.md lists the kinds of problems).
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <thread>

#include <httplib.h>

using fundus::testing::run_command;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;

namespace sources_cli_test {
namespace {

const auto sources = fundus::testing::source_dir() / "tests" / "fixtures" / "sources";
const auto fixtures = fundus::testing::source_dir() / "tests" / "fixtures";

struct Run {
    int exit_code = -1;
    std::string output;
    json report;
};

Run build(const TempDir& dir, const std::vector<std::filesystem::path>& inputs) {
    const auto report = dir.path() / "report.json";
    std::vector<std::string> argv = {fundus::testing::fundus_index_binary().string(), "build",
                                     "--index", (dir.path() / "idx").string(), "--report",
                                     report.string()};
    for (const auto& input : inputs) {
        argv.emplace_back("--input");
        argv.push_back(input.string());
    }
    const auto r = run_command(argv);
    std::ifstream in(report);
    return {r.exit_code, r.output, json::parse(in)};
}

/// Each expected problem line is in the output, and the report has exactly as many errors.
void check_problems(const Run& run, const std::vector<std::string>& expected) {
    INFO(run.output);
    for (const auto& line : expected)
        CHECK(run.output.find(line + "\n") != std::string::npos);
    CHECK(run.report["rejected"] == expected.size());
    std::size_t errors = 0;
    for (const auto& p : run.report["problems"])
        if (p["severity"] == "error") {
            ++errors;
            CHECK(p["line"].get<int>() > 0);
            CHECK_FALSE(p["message"].get<std::string>().empty());
        }
    CHECK(errors == expected.size());
}

} // namespace

TEST_CASE("a Markdown folder with broken posts indexes the good ones and reports each bad one",
          "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {sources / "markdown"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 3);
    const std::string md = (sources / "markdown").string() + "/";
    check_problems(run, {
        md + "2021-05-10-kaputtes-yaml.md:4: -: invalid YAML front matter: end of sequence flow not found",
        md + "2021-06-01-falsches-datum.md:4: date: not a valid date: '2021-02-30' (expected YYYY-MM-DD)",
        md + "2021-08-01-unbekanntes-land.md:4: bundesland: unknown Land 'Atlantis'",
        md + "2021-09-01-ungueltiges-utf8.md:6: -: invalid UTF-8",
        md + "ohne-front-matter.md:1: -: no YAML front matter (the file must start with a '---' line)",
        md + "praxis/funkloch-uckermark/index.md:1: id: duplicate of " + md + "2021-07-01-doppelt.md:1",
    });
}

TEST_CASE("a WordPress export with broken items indexes the good ones and reports each bad one",
          "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {sources / "wxr" / "land-digital.wordpress.xml"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 2);
    const std::string wxr = (sources / "wxr" / "land-digital.wordpress.xml").string();
    check_problems(run, {
        wxr + ":143: title: invalid XML entity '&nbsp;' (XML defines only &lt; &gt; &amp; &apos; "
              "&quot; and character references)",
        wxr + ":161: wp:post_date: not a valid date: '2020-13-45 10:00:00' (expected YYYY-MM-DD)",
        wxr + ":166: id: duplicate of " + wxr + ":23",
        wxr + ":183: content:encoded: invalid UTF-8",
        wxr + ":202: region_state: unknown Land 'Rhönland'",
    });
}

TEST_CASE("an RSS feed with broken items indexes the good ones and reports each bad one",
          "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {sources / "feeds" / "land-digital.rss"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 2);
    const std::string rss = (sources / "feeds" / "land-digital.rss").string();
    check_problems(run, {
        rss + ":33: pubDate: not a valid date: 'Mon, 32 Foo 2021 08:00:00 +0000' (expected YYYY-MM-DD)",
        rss + ":40: description: invalid XML entity '&ouml;' (XML defines only &lt; &gt; &amp; "
              "&apos; &quot; and character references)",
        rss + ":42: title: missing",
        rss + ":47: id: duplicate of " + rss + ":11",
        rss + ":58: description: invalid UTF-8",
    });
}

TEST_CASE("an Atom feed with broken entries indexes the good ones and reports each bad one",
          "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {sources / "feeds" / "land-digital.atom"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 2);
    const std::string atom = (sources / "feeds" / "land-digital.atom").string();
    check_problems(run, {
        atom + ":34: updated: not a valid date: '2021-04-31T08:00:00Z' (expected YYYY-MM-DD)",
        atom + ":38: title: invalid XML entity '&nbsp;' (XML defines only &lt; &gt; &amp; &apos; "
               "&quot; and character references)",
        atom + ":44: id: duplicate of " + atom + ":9",
        atom + ":56: summary: invalid UTF-8",
    });
}

TEST_CASE("an XML file that is not well-formed is one problem and the other inputs go on",
          "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {sources / "feeds" / "broken.xml", fixtures / "blog.jsonl"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 10);
    check_problems(run, {(sources / "feeds" / "broken.xml").string() +
                         ":7: -: not well-formed XML: Start-end tags mismatch; the file is skipped"});
    REQUIRE(run.report["sources"].size() == 2);
    CHECK(run.report["sources"][0]["rejected"] == 1);
    CHECK(run.report["sources"][1]["indexed"] == 10);
}

TEST_CASE("the good records of every format are served together", "[integration][sources]") {
    TempDir dir;
    const auto run = build(dir, {fixtures / "bad.jsonl", sources / "markdown",
                                 sources / "wxr" / "land-digital.wordpress.xml",
                                 sources / "feeds" / "land-digital.rss",
                                 sources / "feeds" / "land-digital.atom"});
    CHECK(run.exit_code == 1);
    CHECK(run.report["indexed"] == 2 + 3 + 2 + 2 + 2);
    CHECK(run.report["rejected"] == 9 + 6 + 5 + 5 + 4);
    ServerProcess daemon(dir.path() / "idx");
    auto client = daemon.client();
    for (const char* query : {"Waldmünchen", "Plattenburg", "Spiegelau", "Boitzenburger"}) {
        INFO(query);
        const auto res = client.Get((std::string("/api/search?q=") + query).c_str());
        REQUIRE(res);
        CHECK(json::parse(res->body)["total"].get<int>() >= 1);
    }
    const auto all = client.Get("/api/search?q=&facets=false");
    REQUIRE(all);
    CHECK(json::parse(all->body)["total"] == 11);
}

TEST_CASE("a feed given as a URL is downloaded and its problems name the URL",
          "[integration][sources]") {
    std::ifstream file(sources / "feeds" / "land-digital.rss", std::ios::binary);
    std::stringstream rss;
    rss << file.rdbuf();
    httplib::Server http; // the blog, on a loopback port
    http.Get("/feed/land-digital.rss", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(rss.str(), "application/rss+xml");
    });
    http.Get("/feed", [](const httplib::Request&, httplib::Response& res) {
        res.set_redirect("/feed/land-digital.rss");
    });
    const int port = http.bind_to_any_port("127.0.0.1");
    REQUIRE(port > 0);
    std::thread serving([&] { http.listen_after_bind(); });
    for (int i = 0; i < 500 && !http.is_running(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(http.is_running());
    const std::string blog = "http://127.0.0.1:" + std::to_string(port);

    SECTION("the good items are indexed, each bad one is reported at the URL's line") {
        TempDir dir;
        const std::string url = blog + "/feed"; // redirected to the file
        const auto run = build(dir, {url});
        CHECK(run.exit_code == 1);
        CHECK(run.report["indexed"] == 2);
        check_problems(run, {
            url + ":33: pubDate: not a valid date: 'Mon, 32 Foo 2021 08:00:00 +0000' (expected YYYY-MM-DD)",
            url + ":40: description: invalid XML entity '&ouml;' (XML defines only &lt; &gt; &amp; "
                  "&apos; &quot; and character references)",
            url + ":42: title: missing",
            url + ":47: id: duplicate of " + url + ":11",
            url + ":58: description: invalid UTF-8",
        });
        REQUIRE(run.report["sources"].size() == 1);
        CHECK(run.report["sources"][0]["path"] == url);
    }
    SECTION("a URL that cannot be fetched fails the run and names the URL") {
        TempDir dir;
        const std::string url = blog + "/feed/missing.xml";
        const auto run = build(dir, {url, fixtures / "blog.jsonl"});
        INFO(run.output);
        CHECK(run.exit_code == 2);
        CHECK(run.output.find(url + ": the server answered HTTP 404") != std::string::npos);
        CHECK(run.report["failed"] == true);
        CHECK_FALSE(std::filesystem::exists(dir.path() / "idx" / "current"));
    }
    http.stop();
    serving.join();
}

} // namespace sources_cli_test
