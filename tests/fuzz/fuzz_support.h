// What the libFuzzer targets share: the analyzer resources and gazetteer of the source tree,
// a scratch file for readers that take paths, and a sink that checks what readers promise.
// Not thread-safe (a fuzz target runs one input at a time).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/readers.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace fundus::fuzz {

/// Stops the fuzzer with a message when an invariant does not hold (a finding, like a crash).
void require(bool condition, const char* what);

/// data/ of the source tree and Debian's wngerman, loaded once.
std::shared_ptr<const analyzers::AnalyzerResources> resources();
/// data/regions, loaded once.
std::shared_ptr<const index::Gazetteer> gazetteer();
std::filesystem::path source_dir();

/// A directory of this process under the system temp dir, removed at exit.
const std::filesystem::path& scratch_dir();
/// Writes `data` to scratch_dir()/name and returns the path.
std::filesystem::path write_scratch(const std::string& name, const std::uint8_t* data,
                                    std::size_t size);

/// Checks every post a reader emits against the validator's promises (id and title present,
/// every string valid UTF-8, a date of the form YYYY-MM-DD or none) and every problem's
/// location; keeps only counts.
class CheckingSink final : public index::RecordSink {
public:
    void post(index::Post&& post, const index::SourceLocation& where) override;
    void problem(const index::RecordProblem& problem) override;

    std::size_t posts = 0;
    std::size_t problems = 0;
};

} // namespace fundus::fuzz
