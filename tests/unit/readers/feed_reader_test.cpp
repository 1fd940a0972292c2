#include "reader_test_support.h"

#include <catch2/catch.hpp>

#include <fstream>

using fundus::index::PostValidator;
using fundus::index::read_feed;
using fundus::index::SourceFormat;
using fundus::testing::CollectingSink;
using fundus::testing::fixture;
using fundus::testing::gazetteer;
using fundus::testing::line_of;

namespace feed_reader_test {
namespace {

CollectingSink read(const std::string& name, SourceFormat format = SourceFormat::feed) {
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_feed(fixture(name), validator, sink, format);
    return sink;
}

std::string at(const std::string& file, const std::string& marker, const std::string& rest) {
    return std::to_string(line_of(fixture(file), marker)) + ": " + rest;
}

const std::string rss = "feeds/land-digital.rss";
const std::string atom = "feeds/land-digital.atom";
const std::string shuttle = "https://land-digital.example/blog/spiegelau-shuttle/";

} // namespace

TEST_CASE("an RSS 2.0 feed's items come through", "[readers][feed][rss]") {
    const CollectingSink sink = read(rss);

    SECTION("the valid items, in feed order; an item's id is its guid, else its link") {
        CHECK(sink.ids() ==
              std::vector<std::string>{
                  shuttle, "https://land-digital.example/blog/gemeindeschwester/", shuttle});
    }
    SECTION("content:encoded is the body, the description the teaser") {
        const auto* post = sink.find(shuttle);
        REQUIRE(post != nullptr);
        CHECK(post->title == "Per App zum Wanderparkplatz: Spiegelau testet ein On-Demand-Shuttle");
        CHECK(post->url == shuttle);
        CHECK(post->published == "2022-07-05");
        CHECK(post->authors == std::vector<std::string>{"Jonas Becker"});
        CHECK(post->topics == std::vector<std::string>{"Mobilität", "Tourismus"});
        CHECK(post->teaser == "Ein Shuttle für Gäste und Einheimische im Nationalpark.");
        CHECK(post->headings == std::vector<std::string>{"Der Fahrplan ist die App"});
        CHECK(post->body == "Der Fahrplan ist die App\n\nWer zum Lusen will, bestellt den Bus.");
        CHECK(sink.where(shuttle).line == line_of(fixture(rss), "<item>"));
    }
    SECTION("without content:encoded the escaped HTML description is the body") {
        const auto* post = sink.find("https://land-digital.example/blog/gemeindeschwester/");
        REQUIRE(post != nullptr);
        CHECK(post->body == "Telemedizin in der Rhön: Videosprechstunde im Dorf.");
        CHECK(post->teaser.empty());
        CHECK(post->authors == std::vector<std::string>{"Miriam Özdemir"}); // "mail (Name)"
        CHECK(post->published == "2020-11-17");
    }
}

TEST_CASE("each broken RSS item is reported at its element's line", "[readers][feed][rss]") {
    const CollectingSink sink = read(rss);
    CHECK(sink.problems_in(rss) ==
          std::vector<std::string>{
              at(rss, "32 Foo",
                 "pubDate: not a valid date: 'Mon, 32 Foo 2021 08:00:00 +0000' (expected "
                 "YYYY-MM-DD)"),
              at(rss, "Sch&ouml;ne",
                 "description: invalid XML entity '&ouml;' (XML defines only &lt; &gt; &amp; "
                 "&apos; &quot; and character references)"),
              std::to_string(line_of(fixture(rss), "ohne-titel") - 1) + ": title: missing",
              at(rss,
                 "Gr\xFC\xDF"
                 "e",
                 "description: invalid UTF-8"),
          });
}

TEST_CASE("an Atom feed's entries come through", "[readers][feed][atom]") {
    const CollectingSink sink = read(atom);
    const std::string rufbus = "tag:land-digital.example,2021:praxis-002";
    const std::string tablet = "tag:land-digital.example,2020:praxis-003";

    SECTION("the valid entries, in feed order") {
        CHECK(sink.ids() == std::vector<std::string>{rufbus, tablet, rufbus});
    }
    SECTION("an entry with HTML content, a summary and labelled categories") {
        const auto* post = sink.find(rufbus);
        REQUIRE(post != nullptr);
        CHECK(post->title == "Rufbus per App im Boitzenburger Land");
        CHECK(post->url == "https://land-digital.example/praxis/ucker-flex/");
        CHECK(post->published == "2021-06-08"); // published, not updated
        CHECK(post->authors == std::vector<std::string>{"Jonas Becker"});
        CHECK(post->topics == std::vector<std::string>{"Mobilität", "Smart Region"});
        CHECK(post->teaser == "Ein Jahr „Ucker-Flex“ – was der Rufbus verändert hat.");
        CHECK(post->body == "Ausgangslage\n\nDer Linienbus fuhr zweimal am Tag.");
        CHECK(sink.where(rufbus).line == line_of(fixture(atom), "<entry>"));
    }
    SECTION("an entry with an HTML title, XHTML content and the feed's author") {
        const auto* post = sink.find(tablet);
        REQUIRE(post != nullptr);
        CHECK(post->title == "Das Tablet ersetzt keine Hand");
        CHECK(post->url == "https://land-digital.example/praxis/tablet/");
        CHECK(post->published == "2020-09-22"); // updated when there is no published
        CHECK(post->authors == std::vector<std::string>{"Redaktion Land digital"});
        CHECK(post->headings == std::vector<std::string>{"Gemeindeschwester digital"});
        CHECK(post->body == "Gemeindeschwester digital\n\nIn Uebigau-Wahrenbrück.");
    }
}

TEST_CASE("each broken Atom entry is reported at its element's line", "[readers][feed][atom]") {
    const CollectingSink sink = read(atom);
    CHECK(sink.problems_in(atom) ==
          std::vector<std::string>{
              at(atom, "2021-04-31",
                 "updated: not a valid date: '2021-04-31T08:00:00Z' (expected YYYY-MM-DD)"),
              at(atom, "Geschützte&nbsp;",
                 "title: invalid XML entity '&nbsp;' (XML defines only &lt; &gt; &amp; &apos; "
                 "&quot; and character references)"),
              at(atom,
                 "Gr\xFC\xDF"
                 "e",
                 "summary: invalid UTF-8"),
          });
}

TEST_CASE("a feed that is not well-formed XML is one problem for the file", "[readers][feed]") {
    const CollectingSink sink = read("feeds/broken.xml");
    CHECK(sink.posts.empty());
    CHECK(sink.problems_in("broken.xml") ==
          std::vector<std::string>{
              "7: -: not well-formed XML: Start-end tags mismatch; the file is skipped"});
}

TEST_CASE("a feed of the other kind than the one asked for is refused", "[readers][feed]") {
    const CollectingSink as_atom = read(rss, SourceFormat::atom);
    CHECK(as_atom.posts.empty());
    CHECK(as_atom.problems_in(rss) ==
          std::vector<std::string>{
              std::to_string(line_of(fixture(rss), "<rss")) +
              ": -: expected an Atom feed, but <rss> is an RSS 2.0 feed; the file is skipped"});
    CHECK(read(atom, SourceFormat::atom).posts.size() == 3);
    CHECK(read(rss, SourceFormat::rss).posts.size() == 3);
}

TEST_CASE("a Latin-1 feed is read as UTF-8, its lines still right", "[readers][feed][rss]") {
    fundus::testing::TempDir dir;
    const auto file = dir.path() / "latin1.rss";
    // "Grüße" and "Dörfer" as ISO-8859-1 bytes
    std::ofstream(file, std::ios::binary)
        << "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel>\n"
           "<item><guid>a</guid><title>Gr\xFC\xDF"
           "e aus den D\xF6rfern</title>\n"
           "<pubDate>Tue, 05 Jul 2022 08:00:00 +0200</pubDate></item>\n"
           "<item><guid>b</guid><title>\xC4rger</title>\n"
           "<pubDate>kein Datum</pubDate></item>\n</channel></rss>\n";
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_feed(file, validator, sink);
    CHECK(sink.ids() == std::vector<std::string>{"a"});
    CHECK(sink.posts.at(0).first.title == "Grüße aus den Dörfern");
    CHECK(sink.problems_in("latin1.rss") ==
          std::vector<std::string>{
              "6: pubDate: not a valid date: 'kein Datum' (expected YYYY-MM-DD)"});
}

} // namespace feed_reader_test
