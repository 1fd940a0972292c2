// Builds a complete new index generation from sources and switches to it atomically.
// Not thread-safe: one build at a time per index directory (enforced by WriterLock).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/post.h"
#include "fundus/index/readers.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fundus::index {

struct SourceSpec {
    std::filesystem::path path;
    SourceFormat format = SourceFormat::automatic;
    /// Front-matter field mapping for Markdown sources (see docs/sources.md); empty: defaults.
    std::filesystem::path mapping;
};

struct BuildOptions {
    std::vector<SourceSpec> inputs;
    std::filesystem::path index_dir;
    unsigned keep_generations = 3;
    std::size_t commit_every = 20000; ///< documents per batch: bounds the writer's memory
    bool spelling = true;             ///< record spelling data for did-you-mean
};

struct BuildReport {
    unsigned generation = 0;
    std::size_t indexed = 0;
    std::size_t rejected = 0;
    std::size_t warnings = 0;
    double seconds = 0;
    std::vector<RecordProblem> problems; ///< errors and warnings, in order
    nlohmann::json sources = nlohmann::json::array(); ///< per input: path, indexed, rejected

    [[nodiscard]] nlohmann::json to_json() const;
};

/// Called for each problem as it is found (for logging) and for progress.
struct BuildCallbacks {
    std::function<void(const RecordProblem&)> on_problem;
    std::function<void(std::size_t indexed)> on_progress;
};

/// Reads every input, indexes the valid records into a new generation, commits, fsyncs and
/// switches DIR/current to it; then prunes old generations. Records with errors are skipped and
/// reported, a duplicate id included ("id: duplicate of FILE:LINE"). Throws fundus::Error when
/// the build cannot finish (unreadable input, disk full, lock held): `current` then still points
/// at the previous generation, untouched.
BuildReport build_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                        const Gazetteer& gazetteer, const BuildCallbacks& callbacks = {});

} // namespace fundus::index
