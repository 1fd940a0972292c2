// GET /api/feed over HTTP: a real Atom 1.0 document (RFC 4287), parsed with pugixml and checked
// against the Atom rules: one id, title and updated per feed and entry, unique absolute ids,
// RFC 3339 dates, an alternate link or content per entry, escaping, newest first.
#include "discovery_server.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

using fundus::testing::corpus_server;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;

namespace feed_test {
namespace {

constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
constexpr const char* atom_type = "application/atom+xml; charset=utf-8";

std::size_t count_children(pugi::xml_node node, const char* name) {
    std::size_t n = 0;
    for (auto child : node.children(name)) {
        (void)child;
        ++n;
    }
    return n;
}

bool rfc3339(const std::string& s) {
    static const std::regex pattern(
        R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
    return std::regex_match(s, pattern);
}

bool absolute_iri(const std::string& s) {
    static const std::regex pattern(R"([A-Za-z][A-Za-z0-9+.-]*:\S+)");
    return std::regex_match(s, pattern);
}

/// Checks the Atom rules every feed must follow and returns the parsed document.
void check_atom(const pugi::xml_document& doc, int port) {
    const auto feed = doc.child("feed");
    REQUIRE(feed);
    CHECK(std::string(feed.attribute("xmlns").value()) == atom_ns);
    CHECK(count_children(feed, "id") == 1);
    CHECK(count_children(feed, "title") == 1);
    CHECK(count_children(feed, "updated") == 1);
    CHECK(absolute_iri(feed.child_value("id")));
    CHECK(rfc3339(feed.child_value("updated")));
    const auto self = feed.find_child_by_attribute("link", "rel", "self");
    REQUIRE(self);
    CHECK(std::string(self.attribute("href").value())
              .starts_with("http://127.0.0.1:" + std::to_string(port) + "/api/feed"));
    const bool feed_author = count_children(feed, "author") > 0;
    std::set<std::string> ids;
    std::string newest, previous = "9999";
    for (auto entry : feed.children("entry")) {
        INFO(entry.child_value("id"));
        CHECK(count_children(entry, "id") == 1);
        CHECK(count_children(entry, "title") == 1);
        CHECK(count_children(entry, "updated") == 1);
        CHECK(count_children(entry, "published") <= 1);
        const std::string id = entry.child_value("id");
        CHECK(absolute_iri(id));
        CHECK(ids.insert(id).second); // unique
        const std::string updated = entry.child_value("updated");
        CHECK(rfc3339(updated));
        if (entry.child("published"))
            CHECK(rfc3339(entry.child_value("published")));
        CHECK(
            (entry.find_child_by_attribute("link", "rel", "alternate") || entry.child("content")));
        CHECK((feed_author || entry.child("author")));
        CHECK(updated <= previous); // newest first
        previous = updated;
        newest = std::max(newest, updated);
    }
    if (!ids.empty())
        CHECK(newest == feed.child_value("updated"));
}

pugi::xml_document parse_feed(ServerProcess& server, const std::string& path) {
    const auto answer = fundus::testing::get(server, path);
    INFO(path << " -> " << answer.body.substr(0, 500));
    REQUIRE(answer.status == 200);
    CHECK(answer.content_type == atom_type);
    pugi::xml_document doc;
    const auto parsed = doc.load_string(answer.body.c_str());
    INFO(parsed.description());
    REQUIRE(parsed);
    check_atom(doc, server.port());
    return doc;
}

std::set<std::string> categories(pugi::xml_node entry, const std::string& scheme_suffix) {
    std::set<std::string> out;
    for (auto c : entry.children("category"))
        if (std::string(c.attribute("scheme").value()).ends_with(scheme_suffix))
            out.insert(c.attribute("term").value());
    return out;
}

} // namespace

TEST_CASE("GET /api/feed is a valid Atom feed of the newest matching posts",
          "[integration][feed]") {
    auto& server = corpus_server();
    const auto doc = parse_feed(server, "/api/feed?type=praxisbeispiel&topic=Mobilit%C3%A4t");
    const auto feed = doc.child("feed");
    CHECK(std::string(feed.child_value("title")) == "Fundus: Praxisbeispiele · Mobilität");
    const auto search = nlohmann::json::parse(
        fundus::testing::get(
            server, "/api/search?type=praxisbeispiel&topic=Mobilit%C3%A4t&sort=date&size=20")
            .body);
    std::vector<std::string> expected, got;
    for (const auto& hit : search["hits"])
        expected.push_back(hit["url"]);
    for (auto entry : feed.children("entry")) {
        got.push_back(
            entry.find_child_by_attribute("link", "rel", "alternate").attribute("href").value());
        CHECK(categories(entry, ":type").contains("praxisbeispiel"));
        CHECK(categories(entry, ":topic").contains("Mobilität"));
        CHECK_FALSE(std::string(entry.child_value("summary")).empty());
        CHECK(entry.child("author").child("name"));
    }
    REQUIRE_FALSE(got.empty());
    CHECK(got == expected); // the same posts as the search sorted by date
    SECTION("each entry carries the post: id, title, dates") {
        const auto first = feed.child("entry");
        CHECK(std::string(first.child_value("id")) == search["hits"][0]["url"].get<std::string>());
        CHECK(std::string(first.child_value("title")) ==
              search["hits"][0]["title"].get<std::string>());
        CHECK(std::string(first.child_value("published")) ==
              search["hits"][0]["published"].get<std::string>() + "T00:00:00Z");
    }
}

TEST_CASE("GET /api/feed takes the search parameters", "[integration][feed]") {
    auto& server = corpus_server();
    std::size_t all = 0;
    const auto doc = parse_feed(server, "/api/feed"); // must outlive the loop over its nodes
    for (auto entry : doc.child("feed").children("entry")) {
        (void)entry;
        ++all;
    }
    CHECK(all == 20); // 20 entries unless size says otherwise
    const auto three = parse_feed(server, "/api/feed?q=Glasfaser&size=3&type=post");
    std::size_t n = 0;
    for (auto entry : three.child("feed").children("entry")) {
        (void)entry;
        ++n;
    }
    CHECK(n == 3);
    CHECK(std::string(three.child("feed").child_value("title")) ==
          "Fundus: Beiträge · „Glasfaser“");
    SECTION("a search without hits is a valid empty feed") {
        const auto none = parse_feed(server, "/api/feed?q=Quantenchromodynamik");
        CHECK_FALSE(none.child("feed").child("entry"));
    }
    SECTION("bad parameters are JSON errors like the search's") {
        const auto bad = fundus::testing::get(server, "/api/feed?region=Atlantis");
        CHECK(bad.status == 400);
        CHECK(nlohmann::json::parse(bad.body)["error"]["parameter"] == "region");
    }
}

TEST_CASE("GET /api/feed escapes markup in titles and links and summaries", "[integration][feed]") {
    TempDir dir;
    const auto input = dir.path() / "posts.jsonl";
    std::ofstream(input)
        << R"({"id":"a&b <c>","url":"","title":"Breitband & Funk: <schnell> \"jetzt\" 'oder nie'","teaser":"Steuerzeichen\u0001weg & gut","published":"2024-05-01","topics":["Daten & Netze"],"tags":["<tag>"]})"
           "\n"
        << R"({"id":"zwei","url":"https://blog.example/zwei?x=1&y=2","title":"Zwei","body":"Ein Text mit <b>Tags</b> & mehr.","published":"2023-01-01"})"
           "\n";
    const auto built = fundus::testing::run_command(
        {fundus::testing::fundus_index_binary().string(), "build", "--input", input.string(),
         "--index", (dir.path() / "idx").string(), "--quiet"});
    REQUIRE(built.exit_code == 0);
    ServerProcess server(dir.path() / "idx");
    const auto doc = parse_feed(server, "/api/feed");
    const auto first = doc.child("feed").child("entry");
    CHECK(std::string(first.child_value("title")) ==
          "Breitband & Funk: <schnell> \"jetzt\" 'oder nie'");
    const std::string summary = first.child_value("summary");
    CHECK(summary.ends_with("weg & gut"));
    CHECK(std::none_of(summary.begin(), summary.end(), [](char c) { return c > 0 && c < 0x20; }));
    CHECK(std::string(first.child_value("id")) == "tag:fundus,2026:post:a%26b%20%3Cc%3E"); // no URL
    CHECK(first.child("content")); // no alternate link, so content
    CHECK(categories(first, ":topic") == std::set<std::string>{"Daten & Netze"});
    const auto second = first.next_sibling("entry");
    CHECK(
        std::string(
            second.find_child_by_attribute("link", "rel", "alternate").attribute("href").value()) ==
        "https://blog.example/zwei?x=1&y=2");
    CHECK(std::string(second.child("summary").attribute("type").value()) == "html");
    CHECK(std::string(second.child_value("summary")) ==
          "Ein Text mit Tags &amp; mehr."); // escaped HTML, escaped again
}

} // namespace feed_test
