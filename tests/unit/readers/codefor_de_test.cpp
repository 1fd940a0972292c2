// The blog of codefor.de (../shared/corpora/codefor-de, Hugo) read with
// data/mappings/codefor-de.yaml.
#include "reader_test_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>

using fundus::index::PostValidator;
using fundus::index::read_markdown;
using fundus::testing::CollectingSink;
using fundus::testing::gazetteer;

namespace fs = std::filesystem;

namespace codefor_de_test {
namespace {

fs::path mapping() {
    return fundus::testing::source_dir() / "data" / "mappings" / "codefor-de.yaml";
}

/// The value of the front matter's `lab:` line ("[muenchen]"), empty when it has none: read
/// here with a plain line search, independently of the reader.
std::string lab_line(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    for (int n = 0; std::getline(in, line) && n < 60; ++n) {
        if (line.size() > 4 && (line.starts_with("lab:") || line.starts_with("Lab:"))) {
            std::string value = line.substr(4);
            value = value.substr(0, value.find('#'));
            if (value.find_first_not_of(" []") != std::string::npos)
                return value;
        }
    }
    return {};
}

} // namespace

TEST_CASE("the codefor-de blog is read with its mapping, regions from its labs",
          "[readers][markdown][corpus]") {
    const auto corpus = fundus::testing::shared_corpus("codefor-de");
    if (!corpus) {
        WARN("../shared/corpora/codefor-de is absent: skipped");
        return;
    }
    const fs::path blog = *corpus / "content" / "blog";
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_markdown(blog, validator, sink, mapping());

    std::size_t with_lab = 0, with_region = 0, with_district = 0;
    std::map<std::string, std::size_t> states;
    for (const auto& [post, where] : sink.posts) {
        const bool has_lab = !lab_line(where.file).empty();
        with_lab += has_lab ? 1 : 0;
        if (!post.region.state.empty()) {
            ++with_region;
            ++states[post.region.state];
        }
        with_district += post.region.district.empty() ? 0 : 1;
        if (has_lab)
            CHECK(!post.region.state.empty());
        CHECK(post.published.size() == 10);
        CHECK(post.type == "post");
        CHECK(post.url.starts_with("https://codefor.de/blog/"));
        CHECK(!post.body.empty());
    }
    INFO("posts " << sink.posts.size() << ", with a lab " << with_lab << ", with a region "
                  << with_region << ", with a Kreis " << with_district << ", Länder "
                  << states.size() << ", problems " << sink.problems.size());
    CHECK(sink.posts.size() >= 200);
    CHECK(sink.problems.empty());
    CHECK(with_lab >= 70);
    CHECK(with_region == with_lab);
    CHECK(states.size() >= 8);
    for (const auto& p : sink.problems)
        UNSCOPED_INFO(p.to_string());

    SECTION("one post, field by field") {
        const auto* post = sink.find("2014-04-14-Gruendung-OK-Lab-Chemnitz");
        REQUIRE(post != nullptr);
        CHECK(post->title == "Gründung des OK Lab Chemnitz");
        CHECK(post->published == "2014-04-14"); // from the file name
        CHECK(post->authors == std::vector<std::string>{"Morris"});
        CHECK(post->topics == std::vector<std::string>{"event"});
        CHECK(post->url == "https://codefor.de/blog/2014-04-14-gruendung-ok-lab-chemnitz/");
        CHECK(post->region.state == "Sachsen");
        CHECK(post->region.district == "Chemnitz");
        CHECK(post->region.municipality == "Chemnitz");
        CHECK(post->headings.front() == "Gründung des OK Lab Chemnitz");
    }
    SECTION("the draft template is not a post") {
        CHECK(sink.find("0001-01-01-mein-neuer-blogpost") == nullptr);
        CHECK(sink.find("_index") == nullptr);
    }
}

TEST_CASE("every OK Lab of codefor-de has a region the gazetteer knows",
          "[readers][markdown][corpus]") {
    const auto corpus = fundus::testing::shared_corpus("codefor-de");
    if (!corpus) {
        WARN("../shared/corpora/codefor-de is absent: skipped");
        return;
    }
    // One post per lab page of the site, so that labs without a blog post yet are covered too.
    fundus::testing::TempDir dir;
    std::vector<std::string> labs;
    for (const auto& entry : fs::directory_iterator(*corpus / "content" / "labs")) {
        const std::string lab = entry.path().stem().string();
        if (lab.starts_with("_"))
            continue;
        labs.push_back(lab);
        std::ofstream(dir.path() / ("2024-01-01-" + lab + ".md"))
            << "---\ntitle: Aus dem Lab " << lab << "\nlab: [" << lab << "]\n---\nText\n";
    }
    REQUIRE(labs.size() >= 30);
    PostValidator validator(gazetteer());
    CollectingSink sink;
    read_markdown(dir.path(), validator, sink, mapping());
    for (const auto& p : sink.problems)
        UNSCOPED_INFO(p.to_string());
    CHECK(sink.problems.empty()); // no unknown lab, no unknown Kreis
    CHECK(sink.posts.size() == labs.size());
    for (const auto& [post, where] : sink.posts) {
        INFO(post.id);
        CHECK(!post.region.state.empty());
    }
    const auto* giessen = sink.find("2024-01-01-giessen");
    REQUIRE(giessen != nullptr);
    CHECK(giessen->region.state == "Hessen"); // Gießen is no kreisfreie Stadt
    CHECK(giessen->region.district == "Landkreis Gießen");
    const auto* muenchen = sink.find("2024-01-01-muenchen");
    REQUIRE(muenchen != nullptr);
    CHECK(muenchen->region.district == "München"); // the city, not the Landkreis
}

} // namespace codefor_de_test
