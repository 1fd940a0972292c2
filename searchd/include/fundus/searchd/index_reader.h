// Follows the index directory's `current` generation, or the generations of a set of shards, and
// hands out per-request worker contexts (analyzer + Xapian database, local and remote shards
// combined), since neither is thread-safe. IndexReader is thread-safe.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/searchd/shards.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace fundus::searchd {

class ValueTable; // searchd/src/value_table.h

/// One shard as a view serves it.
struct ShardState {
    ShardAddress address;
    unsigned generation = 0;       ///< local index directory: its current generation
    std::filesystem::path database; ///< local: the Xapian folder opened
    /// remote: the database's UUID when last asked. A new generation (or replica copy) is a new
    /// database, so a changed UUID makes searchd open fresh connections.
    std::string uuid;
    bool up = true;                ///< remote: false after a failure, until it answers again
};

/// One published generation as searchd sees it; with shards, the combination of the shards'
/// current generations and which remote shards answer.
struct Generation {
    /// Without shards, the index's generation number; with shards, the sum of the local shards'
    /// generation numbers (remote shards count 0).
    unsigned number = 0;
    /// Rises by one with every new view (generation switch, shard down or up): a cache key.
    unsigned epoch = 0;
    std::filesystem::path path; ///< without shards: the generation folder
    /// Without shards, generation.json; with shards, {"built_at": newest, "shards": [...]}.
    nlohmann::json meta;
    std::chrono::system_clock::time_point opened_at;
    std::vector<ShardState> shards;     ///< empty without shards
    std::filesystem::path spelling;     ///< the spelling database folder, or empty
    /// The date and facet values of every document, in memory, for a view of one database
    /// (IndexLayout::value_table); null with shards: the slots are read from the documents.
    std::shared_ptr<const ValueTable> values;

    /// The names of the shards left out of this view because they failed.
    [[nodiscard]] std::vector<std::string> failed_shards() const;
};

/// What one request works with; owned by one thread at a time.
struct WorkerContext {
    analyzers::GermanAnalyzer analyzer;
    std::shared_ptr<const Generation> generation;
    Xapian::Database db;
    /// Where did-you-mean looks words up: `db`, or the local spelling database of a sharded
    /// index (remote shards have no spelling data).
    Xapian::Database spelling;
    /// Where search-as-you-type finds words and their counts (schema::suggest_word metadata,
    /// which a combined database reads from its first part only): the spelling database of a
    /// sharded index, else each shard, else `db`.
    std::vector<Xapian::Database> word_suggestions;
};

/// A shard that is down or too slow, when IndexLayout::failure is `error`.
class ShardUnavailable : public Error {
public:
    ShardUnavailable(std::string shard, const std::string& why)
        : Error("shard " + shard + " is unavailable: " + why), shard_(std::move(shard)) {}
    [[nodiscard]] const std::string& shard() const { return shard_; }

private:
    std::string shard_;
};

class IndexReader {
public:
    /// Throws fundus::Error when `index_dir` has no current generation to open.
    IndexReader(std::filesystem::path index_dir, analyzers::GermanAnalyzer prototype);
    /// Throws fundus::Error naming the shard when a local shard has no current generation or a
    /// remote one cannot be reached at start (whatever IndexLayout::failure says: a wrong address
    /// should stop the daemon, not hide in partial results).
    IndexReader(IndexLayout layout, analyzers::GermanAnalyzer prototype);

    /// Re-reads the `current` pointers and asks every remote shard for its database UUID (a
    /// failed one is left out, one answering again taken back); when anything changed, new
    /// requests use the new view. Returns true when the view changed. In-flight
    /// requests finish on the databases they started with.
    bool refresh();

    [[nodiscard]] std::shared_ptr<const Generation> generation() const;
    [[nodiscard]] const IndexLayout& layout() const { return layout_; }

    /// A context for one request, returned to the pool when the lease dies.
    class Lease {
    public:
        Lease(IndexReader& reader, std::unique_ptr<WorkerContext> ctx) : reader_(&reader), ctx_(std::move(ctx)) {}
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();
        WorkerContext* operator->() { return ctx_.get(); }
        WorkerContext& operator*() { return *ctx_; }
        /// Drops the context instead of pooling it (its connections failed).
        void discard() { ctx_.reset(); }

    private:
        IndexReader* reader_;
        std::unique_ptr<WorkerContext> ctx_;
    };

    /// A context whose database is the current view (opened afresh when it changed). A remote
    /// shard that cannot be reached is marked failed; then, with IndexLayout::failure `error`,
    /// this throws ShardUnavailable (at once, while a shard is marked failed), with `partial` the
    /// context leaves it out.
    Lease acquire();

    /// Leaves shard `name` out of new views until refresh() reaches it again.
    void mark_failed(const std::string& name);
    /// Makes every pooled context open fresh connections (a connection broke).
    void reconnect();

private:
    IndexLayout layout_;
    analyzers::GermanAnalyzer prototype_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Generation> generation_;
    std::vector<std::unique_ptr<WorkerContext>> idle_;

    /// The generations on disk now; remote shards up, not asked yet.
    std::shared_ptr<Generation> read_view() const;
    void open(WorkerContext& ctx, const std::shared_ptr<const Generation>& view);
    /// Reads view.values when the layout asks for it and the view is one database.
    void load_values(Generation& view) const;
    void replace(std::shared_ptr<Generation> next);
    void release(std::unique_ptr<WorkerContext> ctx);
};

/// Opens a remote shard with the layout's timeouts. Throws Xapian::Error when it does not answer.
Xapian::Database open_remote(const ShardAddress& shard, unsigned timeout_ms);

} // namespace fundus::searchd
