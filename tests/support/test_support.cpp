#include "test_support.h"

#include <random>
#include <system_error>

namespace fundus::testing {

std::filesystem::path source_dir() { return FUNDUS_SOURCE_DIR; }
std::filesystem::path binary_dir() { return FUNDUS_BINARY_DIR; }

std::optional<std::filesystem::path> shared_corpus(const std::string& name) {
    auto path = source_dir().parent_path() / "shared" / "corpora" / name;
    if (std::filesystem::exists(path))
        return path;
    return std::nullopt;
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

TempDir::TempDir() {
    std::random_device rd;
    std::mt19937_64 rng(rd());
    for (;;) {
        path_ = std::filesystem::temp_directory_path() /
                ("fundus-test-" + std::to_string(rng() % 1000000000ULL));
        if (std::filesystem::create_directory(path_))
            break;
    }
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

} // namespace fundus::testing
