#include "reader_test_support.h"

#include "fundus/error.h"
#include "fundus/index/index_builder.h"

#include <catch2/catch.hpp>

#include <fstream>

using fundus::index::parse_source_format;
using fundus::index::PostValidator;
using fundus::index::read_source;
using fundus::index::SourceFormat;
using fundus::testing::CollectingSink;
using fundus::testing::fixture;
using fundus::testing::gazetteer;
using fundus::testing::TempDir;

namespace fs = std::filesystem;

namespace read_source_test {
namespace {

CollectingSink read(const fs::path& path, SourceFormat format = SourceFormat::automatic) {
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_source(path, format, validator, sink);
    return sink;
}

void write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

const std::string jsonl_record =
    R"({"id": "j1", "title": "Aus JSON Lines", "published": "2023-01-02", "region": "Bayern"})";

} // namespace

TEST_CASE("source formats are named as --format names them", "[readers][format]") {
    for (const std::string name : {"auto", "jsonl", "markdown", "wxr", "rss", "atom", "feed"})
        CHECK(fundus::index::source_format_name(parse_source_format(name)) == name);
    CHECK(parse_source_format("auto") == SourceFormat::automatic);
    CHECK_THROWS_WITH(parse_source_format("md"),
                      "parse_source_format(): unknown format 'md' (expected auto, jsonl, "
                      "markdown, wxr, rss, atom or feed)");
}

TEST_CASE("a file's format is told by its extension, else by its content", "[readers][format]") {
    TempDir dir;
    SECTION("known extensions") {
        CHECK(read(fixture("markdown/2022-01-05-dorfladen-app.md")).ids() ==
              std::vector<std::string>{"2022-01-05-dorfladen-app"});
        CHECK(read(fixture("wxr/land-digital.wordpress.xml")).posts.size() == 3);
        CHECK(read(fixture("feeds/land-digital.rss")).posts.size() == 3);
        CHECK(read(fixture("feeds/land-digital.atom")).posts.size() == 3);
        write(dir.path() / "posts.jsonl", jsonl_record + "\n");
        CHECK(read(dir.path() / "posts.jsonl").ids() == std::vector<std::string>{"j1"});
    }
    SECTION("content, when the name says nothing") {
        fs::copy_file(fixture("feeds/land-digital.atom"), dir.path() / "feed");
        fs::copy_file(fixture("wxr/land-digital.wordpress.xml"), dir.path() / "export.txt");
        fs::copy_file(fixture("markdown/2022-01-05-dorfladen-app.md"), dir.path() / "post.txt");
        write(dir.path() / "posts.data", jsonl_record + "\n");
        CHECK(read(dir.path() / "feed").posts.size() == 3);
        CHECK(read(dir.path() / "export.txt").ids() == std::vector<std::string>{"101", "7", "101"});
        CHECK(read(dir.path() / "post.txt").ids() == std::vector<std::string>{"post"});
        CHECK(read(dir.path() / "posts.data").ids() == std::vector<std::string>{"j1"});
    }
    SECTION("--format, whatever the name") {
        fs::copy_file(fixture("feeds/land-digital.rss"), dir.path() / "feed.txt");
        CHECK(read(dir.path() / "feed.txt", SourceFormat::rss).posts.size() == 3);
        CHECK(read(dir.path() / "feed.txt", SourceFormat::feed).posts.size() == 3);
    }
    SECTION("neither: a configuration error") {
        write(dir.path() / "notes.txt", "Notizen\n");
        CHECK_THROWS_WITH(read(dir.path() / "notes.txt"),
                          "read_source(): cannot tell the format of " +
                              (dir.path() / "notes.txt").string() +
                              " (use --format jsonl, markdown, wxr, rss, atom or feed)");
    }
    SECTION("an XML file that is neither an export nor a feed, given by name: an error") {
        write(dir.path() / "sitemap.xml", "<?xml version=\"1.0\"?>\n<urlset/>\n");
        CHECK(read(dir.path() / "sitemap.xml").problems_in("sitemap.xml") ==
              std::vector<std::string>{"2: -: neither a WordPress export nor an RSS 2.0 or Atom "
                                       "feed (root <urlset>); the file is skipped"});
    }
}

TEST_CASE("a directory of mixed sources is read file by file in path order", "[readers][format]") {
    TempDir dir;
    fs::copy(fixture("markdown"), dir.path() / "blog", fs::copy_options::recursive);
    fs::copy_file(fixture("wxr/land-digital.wordpress.xml"), dir.path() / "export.xml");
    fs::copy_file(fixture("feeds/land-digital.rss"), dir.path() / "feed.rss");
    fs::copy_file(fixture("feeds/broken.xml"), dir.path() / "broken.xml");
    write(dir.path() / "posts.jsonl", jsonl_record + "\n");
    write(dir.path() / "sitemap.xml", "<?xml version=\"1.0\"?>\n<urlset/>\n");
    fs::create_directory(dir.path() / ".git");
    write(dir.path() / ".git" / "HEAD.md", "ref: refs/heads/main\n");

    const CollectingSink sink = read(dir.path());
    SECTION("every source's good records, a broken file does not stop the others") {
        CHECK(sink.posts.size() == 4 + 3 + 3 + 1);
        // a Markdown id is the path relative to the input directory
        CHECK(sink.find("blog/2022-01-05-dorfladen-app") != nullptr);
        CHECK(sink.find("j1") != nullptr);
        CHECK(sink.problems_in("broken.xml").size() == 1);
    }
    SECTION("a stray XML file in a directory is a warning, not a rejected record") {
        REQUIRE(sink.problems_in("sitemap.xml").size() == 1);
        CHECK(sink.problems_in("sitemap.xml")[0].ends_with("(warning)"));
    }
    SECTION("hidden directories are not read") {
        CHECK(sink.problems_in("HEAD.md").empty());
    }
}

TEST_CASE("a directory read with --format reads only files of that format", "[readers][format]") {
    const CollectingSink feeds = read(fixture("feeds"), SourceFormat::atom);
    CHECK(feeds.posts.size() == 3);
    // broken.xml cannot be parsed; the RSS feed is not Atom
    CHECK(feeds.problems_in("broken.xml").size() == 1);
    CHECK(feeds.problems_in("land-digital.rss").size() == 1);
}

TEST_CASE("a path that is not there or holds nothing readable is a configuration error",
          "[readers][format]") {
    TempDir dir;
    CHECK_THROWS_WITH(read(dir.path() / "fehlt"), "read_source(): no such file or directory: " +
                                                      (dir.path() / "fehlt").string());
    write(dir.path() / "bild.png", "PNG");
    CHECK_THROWS_WITH(read(dir.path()), "read_source(): " + dir.path().string() +
                                            " contains no supported files (.jsonl, .md, .xml)");
    CHECK_THROWS_WITH(read(dir.path(), SourceFormat::markdown),
                      "read_source(): " + dir.path().string() +
                          " contains no supported files (markdown)");
}

TEST_CASE("the broken fixtures build an index of their good records and report every bad one",
          "[readers][build]") {
    TempDir dir;
    fundus::index::BuildOptions options;
    options.index_dir = dir.path() / "index";
    for (const char* input :
         {"markdown", "wxr/land-digital.wordpress.xml", "feeds/land-digital.rss",
          "feeds/land-digital.atom", "feeds/broken.xml"})
        options.inputs.push_back({fixture(input), SourceFormat::automatic, {}});
    const fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());

    const auto report = fundus::index::build_index(options, analyzer, gazetteer());

    CHECK(report.indexed == 3 + 2 + 2 + 2);
    // markdown 5 + 1 duplicate, WXR 4 + 1, RSS 4 + 1, Atom 3 + 1, broken.xml 1
    CHECK(report.rejected == 6 + 5 + 5 + 4 + 1);
    std::vector<std::string> duplicates;
    for (const auto& p : report.problems)
        if (p.message.starts_with("duplicate of"))
            duplicates.push_back(p.to_string());
    // "FILE:LINE" of the line holding `marker`, or of the line before it (an item's start tag)
    const auto at = [](const std::string& file, const std::string& marker, std::size_t back = 0) {
        return fixture(file).string() + ":" +
               std::to_string(fundus::testing::line_of(fixture(file), marker) - back);
    };
    const std::string wxr = "wxr/land-digital.wordpress.xml";
    const std::string rss = "feeds/land-digital.rss";
    const std::string atom = "feeds/land-digital.atom";
    CHECK(duplicates ==
          std::vector<std::string>{
              fixture("markdown/praxis/funkloch-uckermark/index.md").string() +
                  ":1: id: duplicate of " + fixture("markdown/2021-07-01-doppelt.md").string() +
                  ":1",
              at(wxr, "Dieselbe Beitragsnummer", 1) + ": id: duplicate of " + at(wxr, "<item>"),
              at(rss, "Noch einmal das Shuttle", 1) + ": id: duplicate of " + at(rss, "<item>"),
              at(atom, "Dieselbe Kennung", 1) + ": id: duplicate of " + at(atom, "<entry>"),
          });
}

} // namespace read_source_test
