#include "reader_test_support.h"

#include <catch2/catch.hpp>

#include <fstream>

using fundus::index::PostValidator;
using fundus::index::read_wxr;
using fundus::testing::CollectingSink;
using fundus::testing::fixture;
using fundus::testing::gazetteer;
using fundus::testing::line_of;

namespace wxr_reader_test {
namespace {

const std::string export_file = "wxr/land-digital.wordpress.xml";

CollectingSink read_export(const std::filesystem::path& file) {
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_wxr(file, validator, sink);
    return sink;
}

std::string at(const std::string& marker, const std::string& rest) {
    return std::to_string(line_of(fixture(export_file), marker)) + ": " + rest;
}

} // namespace

TEST_CASE("a WordPress export's published posts and pages come through", "[readers][wxr]") {
    const CollectingSink sink = read_export(fixture(export_file));

    SECTION("published posts and pages only, in export order") {
        CHECK(sink.ids() == std::vector<std::string>{"101", "7", "101"});
    }
    SECTION("a post: its WordPress fields, categories, tags and custom fields") {
        const auto* post = sink.find("101");
        REQUIRE(post != nullptr);
        CHECK(post->title ==
              "Plattenburg: Wie die Prignitz-Dörfer zu ihrem Glasfaseranschluss kamen");
        CHECK(post->url == "https://land-digital.example/2019/03/plattenburg-glasfaser/");
        CHECK(post->published == "2019-03-14");
        CHECK(post->authors == std::vector<std::string>{"Anna Lehmann"}); // login -> display name
        CHECK(post->teaser == "Drei Jahre Tiefbau, Geduld und Überzeugungsarbeit.");
        CHECK(post->topics == std::vector<std::string>{"Breitband"});
        CHECK(post->tags == std::vector<std::string>{"Glasfaser", "FTTH"});
        CHECK(post->type == "praxisbeispiel");
        CHECK(post->region.state == "Brandenburg");
        CHECK(post->region.district == "Landkreis Prignitz");
        CHECK(post->region.municipality == "Plattenburg");
        CHECK(post->headings == std::vector<std::string>{"Ausgangslage"});
        CHECK(post->body ==
              "Ausgangslage\n\nEin bis zwei Mbit/s waren in vielen Dörfern die Regel.");
        CHECK(sink.where("101").line == line_of(fixture(export_file), "<item>"));
    }
    SECTION("a classic-editor page: paragraphs from blank lines, entities decoded") {
        const auto* page = sink.find("7");
        REQUIRE(page != nullptr);
        CHECK(page->title == "Über uns & unsere Arbeit");
        CHECK(page->type == "post");
        CHECK(page->authors == std::vector<std::string>{"redaktion"}); // not among wp:author
        CHECK(page->body == "Wir berichten über Digitalisierung in ländlichen Kommunen.\n\n"
                            "Die Redaktion\n\nWir sitzen in Cham und in Perleberg.");
        CHECK(page->headings == std::vector<std::string>{"Die Redaktion"});
    }
    SECTION("drafts, trash, password-protected posts and attachments are skipped in silence") {
        for (const auto& [post, where] : sink.posts) {
            CHECK(post.id != "120");
            CHECK(post.id != "121");
            CHECK(post.id != "122");
            CHECK(post.id != "130");
        }
    }
    SECTION("a duplicate post id comes through with its own line, for the duplicate check") {
        CHECK(sink.posts[2].first.title == "Dieselbe Beitragsnummer wie Plattenburg");
        CHECK(sink.posts[2].second.line ==
              line_of(fixture(export_file), "Dieselbe Beitragsnummer") - 1);
    }
}

TEST_CASE("each broken item of a WordPress export is reported at its element's line",
          "[readers][wxr]") {
    const CollectingSink sink = read_export(fixture(export_file));
    CHECK(sink.problems_in(export_file) ==
          std::vector<std::string>{
              at("Ortsumgehung&nbsp;",
                 "title: invalid XML entity '&nbsp;' (XML defines only &lt; &gt; &amp; &apos; "
                 "&quot; and character references)"),
              at("2020-13-45",
                 "wp:post_date: not a valid date: '2020-13-45 10:00:00' (expected YYYY-MM-DD)"),
              at("<p>Gr", "content:encoded: invalid UTF-8"),
              at("Rhönland", "region_state: unknown Land 'Rhönland'"),
          });
}

TEST_CASE("a WordPress export that is not well-formed XML is one problem", "[readers][wxr]") {
    fundus::testing::TempDir dir;
    const auto file = dir.path() / "export.xml";
    std::ofstream(file) << "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"\n"
                           "  xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n"
                           "<item><title>Eins</title></item>\n<item><title>Zwei</item>\n"
                           "</channel></rss>\n";
    const CollectingSink sink = read_export(file);
    CHECK(sink.posts.empty());
    CHECK(sink.problems_in("export.xml") ==
          std::vector<std::string>{
              "6: -: not well-formed XML: Start-end tags mismatch; the file is skipped"});
}

TEST_CASE("an RSS feed read as a WordPress export is refused", "[readers][wxr]") {
    const CollectingSink sink = read_export(fixture("feeds/land-digital.rss"));
    CHECK(sink.posts.empty());
    CHECK(sink.problems_in("land-digital.rss") ==
          std::vector<std::string>{
              std::to_string(line_of(fixture("feeds/land-digital.rss"), "<rss")) +
              ": -: not a WordPress export (WXR): no WordPress export namespace on <rss>; the "
              "file is skipped"});
}

} // namespace wxr_reader_test
