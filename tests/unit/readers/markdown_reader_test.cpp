#include "reader_test_support.h"

#include "fundus/error.h"

#include <catch2/catch.hpp>

#include <fstream>

using fundus::index::PostValidator;
using fundus::index::read_markdown;
using fundus::testing::CollectingSink;
using fundus::testing::fixture;
using fundus::testing::gazetteer;
using fundus::testing::line_of;

namespace markdown_reader_test {
namespace {

CollectingSink read_blog(const std::filesystem::path& dir,
                         const std::filesystem::path& mapping = {}) {
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_markdown(dir, validator, sink, mapping);
    return sink;
}

void write(const std::filesystem::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
}

} // namespace

TEST_CASE("a Markdown blog's posts come through with their front-matter fields",
          "[readers][markdown]") {
    const CollectingSink sink = read_blog(fixture("markdown"));

    SECTION("only the valid, published posts, in path order") {
        CHECK(sink.ids() ==
              std::vector<std::string>{"2021-04-12-glasfaser-waldmuenchen", "funkloch-uckermark",
                                       "2022-01-05-dorfladen-app", "funkloch-uckermark"});
    }
    SECTION("common keys of Hugo and Jekyll fill every field") {
        const auto* post = sink.find("2021-04-12-glasfaser-waldmuenchen");
        REQUIRE(post != nullptr);
        CHECK(post->title == "Waldmünchen gräbt sich ans Glasfasernetz");
        CHECK(post->published == "2021-04-12");
        CHECK(post->authors == std::vector<std::string>{"Anna Lehmann", "Jonas Becker"});
        CHECK(post->teaser ==
              "Die Grenzstadt im Landkreis Cham verlegt Glasfaser bis in den letzten Weiler.");
        CHECK(post->topics == std::vector<std::string>{"Breitband"});
        CHECK(post->tags == std::vector<std::string>{"Glasfaser", "FTTH", "Tiefbau"});
        CHECK(post->type == "praxisbeispiel");
        CHECK(post->region.state == "Bayern");
        CHECK(post->region.district == "Landkreis Cham");
        CHECK(post->region.municipality == "Waldmünchen");
        CHECK(sink.where(post->id).line == 1);
    }
    SECTION("the body is rendered Markdown: headings kept, markup and shortcodes gone") {
        const auto* post = sink.find("2021-04-12-glasfaser-waldmuenchen");
        REQUIRE(post != nullptr);
        CHECK(post->headings == std::vector<std::string>{"Was der Ausbau kostet"});
        CHECK(post->body.starts_with("Wer im Winter durch die Ortsteile von Waldmünchen fährt"));
        CHECK(post->body.find("\n\nWas der Ausbau kostet\n\n") != std::string::npos);
        CHECK(post->body.find("38 Kilometer Leerrohr") != std::string::npos);
        CHECK(post->body.find("**") == std::string::npos);
        CHECK(post->body.find("{{") == std::string::npos);
    }
    SECTION("the date comes from a Jekyll file name when the front matter has none") {
        const auto* post = sink.find("2022-01-05-dorfladen-app");
        REQUIRE(post != nullptr);
        CHECK(post->published == "2022-01-05");
        CHECK(post->authors == std::vector<std::string>{"Miriam Özdemir"}); // [{name: ...}]
    }
    SECTION("comma-separated tags are a list, and the topics of a blog that has only tags") {
        const auto* post = sink.find("2022-01-05-dorfladen-app");
        REQUIRE(post != nullptr);
        CHECK(post->tags == std::vector<std::string>{"Nahversorgung", "Digitaler Dorfladen"});
        CHECK(post->topics == post->tags);
        CHECK(post->type == "post");
    }
    SECTION("a page bundle is identified by its slug; url, summary and a region map are read") {
        REQUIRE(sink.posts.size() == 4);
        const fundus::index::Post* post = &sink.posts[3].first;
        CHECK(post->id == "funkloch-uckermark");
        CHECK(post->title == "Wie die Uckermark ihre Funklöcher kartiert");
        CHECK(post->url == "https://land-digital.example/praxis/funkloch-uckermark/");
        CHECK(post->teaser ==
              "Ehrenamtliche messen mit dem Handy, der Landkreis sammelt die Daten.");
        CHECK(post->region.state == "Brandenburg");
        CHECK(post->region.district == "Landkreis Uckermark");
        CHECK(sink.posts[3].second.file ==
              fixture("markdown/praxis/funkloch-uckermark/index.md").string());
    }
    SECTION(
        "two files with one id both come through, each with its file, for the duplicate check") {
        std::vector<std::string> files;
        for (const auto& [post, where] : sink.posts)
            if (post.id == "funkloch-uckermark")
                files.push_back(where.file);
        CHECK(files == std::vector<std::string>{
                           fixture("markdown/2021-07-01-doppelt.md").string(),
                           fixture("markdown/praxis/funkloch-uckermark/index.md").string()});
    }
}

TEST_CASE("a Markdown blog's drafts, list pages and other files are passed over in silence",
          "[readers][markdown]") {
    const CollectingSink sink = read_blog(fixture("markdown"));
    for (const auto& p : sink.problems) {
        CHECK_FALSE(p.where.file.ends_with("entwurf.md"));
        CHECK_FALSE(p.where.file.ends_with("unveroeffentlicht.md"));
        CHECK_FALSE(p.where.file.ends_with("_index.md"));
        CHECK_FALSE(p.where.file.ends_with("notizen.txt"));
    }
    for (const auto& [post, where] : sink.posts)
        CHECK(post.title.find("Entwurf") == std::string::npos);
}

TEST_CASE("each broken Markdown post is reported at its line with the reason",
          "[readers][markdown]") {
    const CollectingSink sink = read_blog(fixture("markdown"));
    const auto file = [](const std::string& name) { return fixture("markdown/" + name); };

    CHECK(sink.problems_in("2021-05-10-kaputtes-yaml.md") ==
          std::vector<std::string>{
              std::to_string(line_of(file("2021-05-10-kaputtes-yaml.md"), "date:")) +
              ": -: invalid YAML front matter: end of sequence flow not found"});
    CHECK(sink.problems_in("2021-06-01-falsches-datum.md") ==
          std::vector<std::string>{
              std::to_string(line_of(file("2021-06-01-falsches-datum.md"), "date:")) +
              ": date: not a valid date: '2021-02-30' (expected YYYY-MM-DD)"});
    CHECK(sink.problems_in("2021-08-01-unbekanntes-land.md") ==
          std::vector<std::string>{
              std::to_string(line_of(file("2021-08-01-unbekanntes-land.md"), "bundesland:")) +
              ": bundesland: unknown Land 'Atlantis'"});
    CHECK(sink.problems_in("2021-09-01-ungueltiges-utf8.md") ==
          std::vector<std::string>{"6: -: invalid UTF-8"});
    CHECK(sink.problems_in("ohne-front-matter.md") ==
          std::vector<std::string>{
              "1: -: no YAML front matter (the file must start with a '---' line)"});
    CHECK(sink.errors().size() == 5);
    CHECK(sink.problems.size() == 5);
}

TEST_CASE("a mapping file says which front-matter key holds which field", "[readers][markdown]") {
    const CollectingSink sink =
        read_blog(fixture("markdown-mapped"), fixture("mappings/land-digital.yaml"));

    SECTION("renamed keys, value tables and the url template") {
        const auto* post = sink.find("Rufbus-Boitzenburg");
        REQUIRE(post != nullptr);
        CHECK(post->title == "Rufbus per App im Boitzenburger Land");
        CHECK(post->published == "2021-06-08");
        CHECK(post->authors == std::vector<std::string>{"Jonas Becker"});
        CHECK(post->teaser == "Ein Jahr „Ucker-Flex“ – was der Rufbus auf dem Land verändert hat.");
        CHECK(post->topics == std::vector<std::string>{"Mobilität"});
        CHECK(post->tags == std::vector<std::string>{"Rufbus", "On-Demand", "ÖPNV"});
        CHECK(post->type == "praxisbeispiel");
        CHECK(post->url == "https://land-digital.example/rufbus-boitzenburg/");
        CHECK(post->headings == std::vector<std::string>{"Ausgangslage"});
    }
    SECTION("the region lookup turns a place value into a region") {
        const auto* rufbus = sink.find("Rufbus-Boitzenburg");
        REQUIRE(rufbus != nullptr);
        CHECK(rufbus->region.state == "Brandenburg");
        CHECK(rufbus->region.district == "Landkreis Uckermark");
        CHECK(rufbus->region.municipality == "Boitzenburger Land");
        const auto* leipzig = sink.find("leipzig-open-data");
        REQUIRE(leipzig != nullptr);
        CHECK(leipzig->type == "post");
        CHECK(leipzig->region.state == "Sachsen"); // a city: the gazetteer adds its Land
        CHECK(leipzig->region.district == "Leipzig");
        CHECK(leipzig->region.municipality == "Leipzig");
    }
    SECTION("a type the value table does not know is an error at its line") {
        CHECK(sink.find("interview") == nullptr);
        CHECK(sink.problems_in("interview.md") ==
              std::vector<std::string>{
                  "4: art: must be 'post' or 'praxisbeispiel', not 'Interview'"});
    }
    SECTION("a place the lookup does not know is a warning, the post still comes through") {
        CHECK(sink.find("unbekannter-ort") != nullptr);
        CHECK(sink.problems_in("unbekannter-ort.md") ==
              std::vector<std::string>{
                  "4: ort: no region for 'Entenhausen' in the mapping (warning)"});
    }
}

TEST_CASE("a malformed mapping file stops the read with its file and line", "[readers][markdown]") {
    fundus::testing::TempDir dir;
    const auto mapping = dir.path() / "mapping.yaml";
    PostValidator validator(gazetteer());
    CollectingSink sink;
    auto read = [&] { read_markdown(fixture("markdown-mapped"), validator, sink, mapping); };

    SECTION("an unknown Post field") {
        write(mapping, "fields:\n  titel: title\n");
        CHECK_THROWS_WITH(read(), "read_markdown(): mapping " + mapping.string() +
                                      ":2: fields: unknown Post field 'titel' (expected id, url, "
                                      "title, date, authors, teaser, topics, tags, type, region, "
                                      "region.state, region.district, region.municipality, draft)");
    }
    SECTION("an unknown top-level key") {
        write(mapping, "# comment\nfeld: {}\n");
        CHECK_THROWS_WITH(read(), "read_markdown(): mapping " + mapping.string() +
                                      ":2: unknown key 'feld' (expected fields, values, "
                                      "region_lookup, url_template, url_lowercase)");
    }
    SECTION("a region that is neither a city nor a region map") {
        write(mapping, "region_lookup:\n  key: ort\n  values:\n    cham: [Bayern]\n");
        CHECK_THROWS_WITH(read(), Catch::StartsWith("read_markdown(): mapping " + mapping.string() +
                                                    ":4: region_lookup.values.cham: expected"));
    }
    SECTION("a file that is not YAML") {
        write(mapping, "fields: [title\n");
        CHECK_THROWS_AS(read(), fundus::Error);
    }
    SECTION("a file that does not exist") {
        CHECK_THROWS_WITH(read(), "read_markdown(): cannot read mapping " + mapping.string());
    }
    CHECK(sink.posts.empty());
}

TEST_CASE("a mapping may be JSON", "[readers][markdown]") {
    fundus::testing::TempDir dir;
    write(dir.path() / "mapping.json",
          R"({"fields": {"title": "titel", "date": "datum", "type": "art"},
              "values": {"type": {"Artikel": "post", "Praxisbeispiel": "praxisbeispiel"}}})");
    const CollectingSink sink = read_blog(fixture("markdown-mapped"), dir.path() / "mapping.json");
    const auto* post = sink.find("Rufbus-Boitzenburg");
    REQUIRE(post != nullptr);
    CHECK(post->title == "Rufbus per App im Boitzenburger Land");
    CHECK(post->type == "praxisbeispiel");
    CHECK(post->region.state.empty()); // no region lookup in this mapping
}

TEST_CASE("front matter that is not YAML at all is reported, not guessed at",
          "[readers][markdown]") {
    fundus::testing::TempDir dir;
    write(dir.path() / "toml.md", "+++\ntitle = \"TOML\"\n+++\nText\n");
    write(dir.path() / "open.md", "---\ntitle: Ohne Ende\n\nText\n");
    write(dir.path() / "list.md", "---\n- eins\n- zwei\n---\nText\n");
    const CollectingSink sink = read_blog(dir.path());
    CHECK(sink.posts.empty());
    CHECK(
        sink.problems_in("toml.md") ==
        std::vector<std::string>{"1: -: TOML front matter (+++) is not supported: use YAML (---)"});
    CHECK(sink.problems_in("open.md") ==
          std::vector<std::string>{"1: -: front matter not closed: no '---' line after line 1"});
    CHECK(sink.problems_in("list.md") ==
          std::vector<std::string>{"2: -: front matter must be a mapping of keys to values"});
}

TEST_CASE("a date Eleventy computes or a dated bundle directory gives the date of the name",
          "[readers][markdown]") {
    fundus::testing::TempDir dir;
    write(dir.path() / "2020-02-03-eleventy.md",
          "---\ntitle: Eleventy\ndate: Last Modified\n---\n");
    std::filesystem::create_directory(dir.path() / "2021-03-04-bundle");
    write(dir.path() / "2021-03-04-bundle" / "index.md", "---\ntitle: Bundle\n---\n");
    write(dir.path() / "2022-05-06.md", "---\ntitle: Nur ein Datum\n---\n");
    const CollectingSink sink = read_blog(dir.path());
    CHECK(sink.problems.empty());
    REQUIRE(sink.posts.size() == 3);
    CHECK(sink.find("2020-02-03-eleventy")->published == "2020-02-03");
    CHECK(sink.find("2021-03-04-bundle")->published == "2021-03-04");
    CHECK(sink.find("2022-05-06")->published == "2022-05-06");
}

} // namespace markdown_reader_test
