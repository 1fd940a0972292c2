#include "fuzz_support.h"

#include "fundus/analyzers/folding.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace fundus::fuzz {

namespace {

bool valid(std::string_view text) {
    return analyzers::is_valid_utf8(text);
}

bool valid_all(const std::vector<std::string>& texts) {
    for (const auto& t : texts)
        if (!valid(t))
            return false;
    return true;
}

} // namespace

void require(bool condition, const char* what) {
    if (condition)
        return;
    std::fprintf(stderr, "fuzz invariant violated: %s\n", what);
    std::abort();
}

std::filesystem::path source_dir() {
    return FUNDUS_SOURCE_DIR;
}

std::shared_ptr<const analyzers::AnalyzerResources> resources() {
    static const auto loaded = [] {
        analyzers::ResourcePaths paths;
        paths.data_dir = source_dir() / "data";
        paths.lexicon = "/usr/share/dict/ngerman";
        return analyzers::AnalyzerResources::load(paths);
    }();
    return loaded;
}

std::shared_ptr<const index::Gazetteer> gazetteer() {
    static const auto loaded = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(source_dir() / "data" / "regions"));
    return loaded;
}

const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        auto path =
            std::filesystem::temp_directory_path() / ("fundus-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(path);
        std::atexit([] {
            std::error_code ec;
            std::filesystem::remove_all(scratch_dir(), ec);
        });
        return path;
    }();
    return dir;
}

std::filesystem::path write_scratch(const std::string& name, const std::uint8_t* data,
                                    std::size_t size) {
    auto path = scratch_dir() / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    require(static_cast<bool>(out), "the scratch file could be written");
    return path;
}

void CheckingSink::post(index::Post&& post, const index::SourceLocation& where) {
    ++posts;
    require(!post.id.empty(), "a post has an id");
    require(!post.title.empty(), "a post has a title");
    require(valid(post.id) && valid(post.url) && valid(post.title) && valid(post.teaser) &&
                valid(post.body) && valid(post.type),
            "a post's text fields are valid UTF-8");
    require(valid_all(post.authors) && valid_all(post.topics) && valid_all(post.tags) &&
                valid_all(post.headings),
            "a post's list fields are valid UTF-8");
    require(valid(post.region.state) && valid(post.region.district) &&
                valid(post.region.municipality),
            "a post's region is valid UTF-8");
    require(post.published.empty() || post.published.size() == 10,
            "a post's date is YYYY-MM-DD or empty");
    require(post.type == "post" || post.type == "praxisbeispiel", "a post's type is known");
    require(where.line >= 1, "a post has a line number");
}

void CheckingSink::problem(const index::RecordProblem& problem) {
    ++problems;
    require(!problem.field.empty(), "a problem names a field");
    require(!problem.message.empty(), "a problem has a message");
    (void)problem.to_string();
}

} // namespace fundus::fuzz
