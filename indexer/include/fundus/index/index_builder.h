// Builds (build_index) or updates (update_index) an index generation from sources and switches to
// it atomically. Not thread-safe: one writer at a time per index directory (WriterLock).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/post.h"
#include "fundus/index/readers.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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
    /// build_index(): threads analysing and writing (besides the one reading). Each writes runs
    /// (small databases of at most 5,000 documents, or commit_every if smaller) and the runs are
    /// merged (Xapian compaction) at the end; documents are numbered worker by worker.
    /// update_index() writes on one thread.
    unsigned threads = 1;
    /// build_index(): documents a worker holds in Xapian's in-memory postings before writing
    /// them into its run. Small batches stay in the processor's cache: 1,000 against one batch
    /// per run made a build about a tenth faster and its peak memory 30 % smaller
    /// (docs/reindex.md).
    std::size_t flush_every = 1000;
    /// update_index(): the largest share (0..1) of the current generation's documents it may
    /// delete because they are gone from the sources; more is refused (a broken export).
    double max_delete_share = 0.2;
    bool allow_mass_delete = false; ///< update_index(): delete any share
    /// What the analysis depends on (stop words, lexicon, compound exceptions), e.g. a hash of
    /// their contents. Stored with the generation; when update_index() finds a different one
    /// in its base, it re-indexes every document instead of only the changed ones.
    std::string analysis_fingerprint;
    /// One shard of a sharded index (index/shards.h): only posts with shard_of(id, shards) ==
    /// shard are indexed, the others are skipped silently. Problems of the records (rejections,
    /// warnings) are reported by shard 0 only, so that each is reported once; duplicate ids by the
    /// shard of the id. shards = 1: every post.
    unsigned shard = 0;
    unsigned shards = 1;
};

struct BuildReport {
    std::string mode = "build"; ///< "build" or "update"
    unsigned generation = 0;
    std::optional<unsigned> base_generation; ///< update: the generation it started from
    std::size_t indexed = 0;   ///< valid records taken from the sources
    std::size_t documents = 0; ///< documents in the new generation
    std::size_t rejected = 0;
    std::size_t warnings = 0;
    // update_index(): what happened to each document (build: every document is added).
    std::size_t added = 0;
    std::size_t changed = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    bool reanalysed = false; ///< update: the analysis changed, every document was re-indexed
    /// update: every post was indexed afresh from the sources into a new database, as a build
    /// does (the mass-delete guard still applies), because the base generation had another
    /// index schema or was analysed differently (`rebuilt_because`: "schema" or "analysis")
    bool rebuilt = false;
    std::string rebuilt_because;
    std::vector<std::string> deleted_ids;
    double seconds = 0;
    std::vector<RecordProblem> problems; ///< errors and warnings, in order
    nlohmann::json sources = nlohmann::json::array(); ///< per input: path, indexed, rejected

    [[nodiscard]] nlohmann::json to_json() const;
};

/// Called for each problem as it is found (for logging), for progress, and at the stages of a
/// run: "copied" (update: the base copied), "commit" (before each commit, n = commits so far + 1;
/// from a worker thread when threads > 1), "compact" (the runs are being merged, n = runs),
/// "committed" (the database is complete and synced), "finished" (the generation folder is
/// complete, `current` not yet switched), "switched".
struct BuildCallbacks {
    std::function<void(const RecordProblem&)> on_problem;
    std::function<void(std::size_t records)> on_progress;
    std::function<void(std::string_view stage, std::size_t n)> on_stage;
};

/// Reads every input, indexes the valid records into a new generation, commits, fsyncs and
/// switches DIR/current to it; then prunes old generations. Records with errors are skipped and
/// reported, a duplicate id included ("id: duplicate of FILE:LINE"). Throws fundus::Error when
/// the build cannot finish (unreadable input, disk full, lock held): `current` then still points
/// at the previous generation, untouched.
BuildReport build_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                        const Gazetteer& gazetteer, const BuildCallbacks& callbacks = {});

/// Like build_index(), but starts from a copy of the current generation: adds the posts it does
/// not have, re-indexes those whose content hash changed, leaves the others as they are and
/// deletes the documents whose id no longer comes from any source (a rejected record counts as
/// gone). Throws fundus::Error, leaving `current` untouched, when that would delete more than
/// `max_delete_share` of the current documents and `allow_mass_delete` is not set. When the
/// current generation has another schema version (an older Fundus wrote it), every post is
/// indexed afresh as build_index() does, under the same guard (`rebuilt` in the report). Without a
/// current generation it builds.
BuildReport update_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                         const Gazetteer& gazetteer, const BuildCallbacks& callbacks = {});

} // namespace fundus::index
