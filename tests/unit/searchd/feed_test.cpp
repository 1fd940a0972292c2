// render_atom: a search result as Atom, for inputs the HTTP tests cannot produce (characters XML
// forbids never survive the indexer's readers, yet the feed must not depend on that).
#include "feed.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

using namespace fundus::searchd;

namespace feed_test {
namespace {

pugi::xml_document parse(const std::string& xml) {
    pugi::xml_document doc;
    const auto parsed = doc.load_string(xml.c_str());
    INFO(parsed.description() << "\n" << xml);
    REQUIRE(parsed);
    return doc;
}

} // namespace

TEST_CASE("the feed drops characters XML forbids and escapes the rest", "[searchd][feed]") {
    SearchRequest request;
    request.q = "a < b & \"c\"";
    SearchResult result;
    Hit hit;
    hit.id = "x";
    hit.url = "https://blog.example/x?a=1&b=2";
    hit.title = "Null\x01"
                "Eins\x1F <Zwei> & \xEF\xBF\xBF Drei";
    hit.teaser = "Tab\tbleibt";
    hit.published = "2024-02-29";
    result.hits.push_back(hit);
    const auto doc =
        parse(render_atom(request, result, {"http://h/api/feed?q=a", "2026-01-01T00:00:00Z"}));
    const auto feed = doc.child("feed");
    CHECK(std::string(feed.child_value("title")) == "Fundus: „a < b & \"c\"“");
    const auto entry = feed.child("entry");
    CHECK(std::string(entry.child_value("title")) == "NullEins <Zwei> &  Drei");
    CHECK(std::string(entry.child_value("summary")) == "Tab\tbleibt");
    CHECK(std::string(entry.child("link").attribute("href").value()) ==
          "https://blog.example/x?a=1&b=2");
    CHECK(std::string(entry.child_value("updated")) == "2024-02-29T00:00:00Z");
    CHECK(std::string(feed.child_value("updated")) == "2024-02-29T00:00:00Z");
}

TEST_CASE("a feed without entries is updated when its index was built", "[searchd][feed]") {
    const auto doc = parse(render_atom({}, {}, {"/api/feed", "2026-03-04T05:06:07Z"}));
    CHECK(std::string(doc.child("feed").child_value("updated")) == "2026-03-04T05:06:07Z");
    CHECK(std::string(doc.child("feed").child_value("title")) == "Fundus: alle Beiträge");
    CHECK_FALSE(doc.child("feed").child("entry"));
}

TEST_CASE("the feed's own URL is percent-encoded where the request had raw bytes",
          "[searchd][feed]") {
    // The request target as a client sent it: a lone UTF-8 lead byte, an umlaut, a space, quotes.
    const std::string target = "/api/feed?topic=Mobilit%C\xCB%A4t&q=B\xC3\xBCrger \"x\"<y>";
    const std::string atom = render_atom({}, {}, {"http://h" + target, "2026-01-01T00:00:00Z"});
    const auto doc = parse(atom);
    const std::string expected = "http://h/api/feed?topic=Mobilit%C%CB%A4t&q=B%C3%BCrger%20%22x%22%3Cy%3E";
    CHECK(std::string(doc.child("feed").child_value("id")) == expected);
    CHECK(std::string(doc.child("feed").child("link").attribute("href").value()) == expected);
    CHECK(atom.find('\xCB') == std::string::npos); // nothing of the raw bytes is left
}

} // namespace feed_test
