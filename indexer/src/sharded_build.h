// A full build on one or more threads (private to fundus_index): each worker analyses its share of
// the posts and writes them as runs, small Xapian databases of a few thousand documents each
// (merged on the way when they pile up); finish() merges all runs into one database with
// Xapian's compaction. Documents are numbered worker by worker, not in input order. The public
// functions must be called from one thread; the workers are internal.
#pragma once

#include "fundus/index/index_builder.h"

#include <atomic>
#include <filesystem>
#include <string>
#include <utility>
#include <memory>
#include <vector>

namespace fundus::index::detail {

class ShardedBuild {
public:
    /// Starts `shards` workers writing their runs to shards/N/ below `staging`. `metadata` is
    /// set in each worker's last run (the compaction keeps it).
    ShardedBuild(const std::filesystem::path& staging, unsigned shards,
                 const analyzers::GermanAnalyzer& analyzer, const BuildOptions& options,
                 const BuildCallbacks& callbacks,
                 std::vector<std::pair<std::string, std::string>> metadata);
    /// Stops and joins the workers if finish() was not reached (the build failed).
    ~ShardedBuild();
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    /// Queues a post for the next worker (blocks while its queue is full). Rethrows a worker's
    /// error.
    void add(Post&& post);
    /// Waits for the workers to commit their shards, merges them into the new database
    /// `database` (synced to disk) and removes them. Rethrows a worker's error.
    void finish(const std::filesystem::path& database);

private:
    class Worker;
    std::filesystem::path shard_root_;
    const BuildCallbacks& callbacks_;
    std::vector<std::pair<std::string, std::string>> metadata_;
    std::atomic<std::size_t> commits_{0};
    std::vector<std::unique_ptr<Worker>> workers_;
    std::size_t next_ = 0;

    void stop() noexcept;
};

} // namespace fundus::index::detail
