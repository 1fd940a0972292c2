// Helpers shared by the tests: paths of the source tree and the shared corpora, temporary
// directories, one loaded analyzer resource set per process.
#pragma once

#include "fundus/analyzers/german_analyzer.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace fundus::testing {

std::filesystem::path source_dir();
std::filesystem::path binary_dir();
/// ../shared/corpora/<name> beside the checkout, or nothing when a plain clone has none.
std::optional<std::filesystem::path> shared_corpus(const std::string& name);
/// The analyzer resources from data/ and wngerman, loaded once per test process.
std::shared_ptr<const analyzers::AnalyzerResources> resources();

/// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace fundus::testing
