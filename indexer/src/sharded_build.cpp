#include "sharded_build.h"

#include "database_copy.h"
#include "indexing_sink.h"

#include "fundus/error.h"
#include "fundus/index/document_builder.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace fundus::index::detail {

namespace fs = std::filesystem;

namespace {

/// Posts per worker queue, and their text: posts go to the workers in turn, so while one worker
/// closes a run (a second or two) the others live on their queues, which hold about that long a
/// worker's posts. With 64 posts, the 100,000 law sections (1.6 KB each) took 91 s instead of
/// 70 s on two threads whose runs close in turn; with 256, 82 s. Long posts stop at the bytes.
constexpr std::size_t queue_capacity = 1024;
constexpr std::size_t queue_bytes = std::size_t{8} << 20;

std::size_t text_bytes(const Post& post) {
    return post.title.size() + post.teaser.size() + post.body.size();
}

/// Documents per run: each run is a small database written once and merged at the end. Xapian's
/// in-memory postings stay small and are written out in one sorted pass; flushing large batches
/// into one growing database instead spends most of a build inserting into its B-trees
/// (docs/reindex.md has the measurements). BuildOptions::commit_every lowers it.
constexpr std::size_t run_documents = 5000;

/// Runs of one level a worker keeps before merging them into one: bounds the files a build holds
/// open (about six a run; fundus-index raises its open-file limit to the hard limit).
constexpr std::size_t max_runs = 32;

/// Words whose analyses a worker's analyzer keeps (GermanAnalyzer::set_word_cache_limit; its
/// default of 200,000 suits searchd). The frequent words are what the cache saves work on: the
/// 100,000 law sections on two threads took as long with 50,000 and peaked at 282 MB instead of
/// 385 MB (two interleaved rounds); 20,000 sections on one thread took as long with 20,000.
constexpr std::size_t worker_cached_words = 50000;

analyzers::GermanAnalyzer worker_analyzer(const analyzers::GermanAnalyzer& analyzer) {
    analyzers::GermanAnalyzer copy = analyzer;
    copy.set_word_cache_limit(worker_cached_words);
    return copy;
}

} // namespace

class ShardedBuild::Worker {
public:
    /// Worker `index` of `workers`: its first run is shorter by index / workers of a run, so
    /// that the workers close their runs in turn rather than at once. Closing a run holds its
    /// spelling words in Xapian's memory (some 45 MB for 5,000 law sections): at once, those add
    /// up (100,000 sections on two threads peaked at 283 MB, in turn at 239-250 MB).
    Worker(fs::path path, std::size_t index, std::size_t workers,
           const analyzers::GermanAnalyzer& analyzer, const BuildOptions& options,
           const BuildCallbacks& callbacks, std::atomic<std::size_t>& commits,
           const std::vector<std::pair<std::string, std::string>>& metadata)
        : path_(std::move(path)), builder_(worker_analyzer(analyzer)), options_(options),
          callbacks_(callbacks), commits_(commits), metadata_(metadata),
          run_size_(std::min<std::size_t>(options.commit_every, run_documents)),
          first_run_(run_size_ - run_size_ * index / workers), thread_([this] { run(); }) {}

    ~Worker() { join(); }

    void push(Post&& post) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] {
            return (queue_.size() < queue_capacity &&
                    (queue_.empty() || queued_bytes_ < queue_bytes)) ||
                   failed_;
        });
        if (failed_)
            std::rethrow_exception(error_);
        queued_bytes_ += text_bytes(post);
        queue_.push_back(std::move(post));
        ready_.notify_one();
    }

    /// No more posts: the worker commits and ends.
    void close() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_one();
    }

    /// Waits for the worker to end after close(). Rethrows its error.
    void join_and_check() {
        join();
        if (error_)
            std::rethrow_exception(error_);
    }

    /// Makes the worker drop its queue and end without committing.
    void abort() noexcept {
        {
            std::lock_guard lock(mutex_);
            closed_ = aborted_ = true;
            queue_.clear();
            queued_bytes_ = 0;
        }
        ready_.notify_one();
        join();
    }

    /// The worker's runs, in the order of its documents (valid after join_and_check()).
    [[nodiscard]] std::vector<fs::path> runs() const {
        std::vector<fs::path> paths;
        for (const auto& run : runs_)
            paths.push_back(run.path);
        return paths;
    }

private:
    fs::path path_;
    DocumentBuilder builder_;
    const BuildOptions& options_;
    const BuildCallbacks& callbacks_;
    std::atomic<std::size_t>& commits_;
    const std::vector<std::pair<std::string, std::string>>& metadata_;
    std::size_t run_size_;
    std::size_t first_run_; ///< documents in the first run
    struct Run {
        fs::path path;
        unsigned level = 0; ///< 0: written by the worker; n + 1: merged from runs of level n
    };
    std::vector<Run> runs_;
    std::size_t names_ = 0;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<Post> queue_;
    std::size_t queued_bytes_ = 0; ///< text_bytes() of the queue's posts
    bool closed_ = false, aborted_ = false, failed_ = false;
    std::exception_ptr error_;
    std::thread thread_;

    void join() noexcept {
        if (thread_.joinable())
            thread_.join();
    }

    std::optional<Post> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
        if (queue_.empty())
            return std::nullopt;
        Post post = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= text_bytes(post);
        space_.notify_one();
        return post;
    }

    /// A new, empty run. Runs are scratch space (the merged database is synced), so their
    /// commits skip fsync.
    Xapian::WritableDatabase open_run() {
        runs_.push_back({path_ / std::to_string(names_++), 0});
        return Xapian::WritableDatabase(runs_.back().path.string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                                        Xapian::DB_BACKEND_GLASS |
                                                                        Xapian::DB_NO_SYNC);
    }

    /// Commits and closes the open run, then merges the runs into one when there are too many.
    void close_run(Xapian::WritableDatabase& db, WordChanges& words) {
        if (callbacks_.on_stage)
            callbacks_.on_stage("commit", ++commits_);
        words.apply(db);
        db.commit();
        db.close();
        merge_runs();
    }

    /// While the last max_runs runs are of one level, merges them into one run of the next
    /// level: the runs a build holds open stay few, and each document is copied once a level.
    void merge_runs() {
        while (runs_.size() >= max_runs) {
            const unsigned level = runs_.back().level;
            const auto first = runs_.end() - static_cast<std::ptrdiff_t>(max_runs);
            if (!std::all_of(first, runs_.end(), [&](const Run& r) { return r.level == level; }))
                return;
            Xapian::Database all;
            for (auto it = first; it != runs_.end(); ++it)
                all.add_database(Xapian::Database(it->path.string()));
            Run merged{path_ / std::to_string(names_++), level + 1};
            SummingCompactor counts;
            all.compact(merged.path.string(), Xapian::DB_BACKEND_GLASS, 0, counts);
            all.close();
            for (auto it = first; it != runs_.end(); ++it)
                fs::remove_all(it->path);
            runs_.erase(first, runs_.end());
            runs_.push_back(std::move(merged));
        }
    }

    void run() {
        try {
            fs::create_directories(path_);
            WordChanges changes;
            std::vector<std::string> words, suggest_words;
            std::optional<Xapian::WritableDatabase> db;
            std::size_t in_run = run_size_ - first_run_; // counts up to run_size_
            while (auto post = pop()) {
                if (!db)
                    db.emplace(open_run());
                words.clear();
                suggest_words.clear();
                db->add_document(
                    builder_.build(*post, options_.spelling ? &words : nullptr, &suggest_words));
                changes.add(words, suggest_words);
                if (++in_run >= run_size_) {
                    close_run(*db, changes);
                    db.reset();
                    in_run = 0;
                } else if (in_run % options_.flush_every == 0) {
                    // Writes the postings into the run, leaving its spelling words and word
                    // counts for close_run(): they are written once a run, into fresh tables.
                    db->commit();
                }
            }
            {
                std::lock_guard lock(mutex_);
                if (aborted_)
                    return;
            }
            // The last run carries the metadata (the merge keeps it); a worker without posts
            // still leaves one, empty run.
            if (!db)
                db.emplace(open_run());
            for (const auto& [key, value] : metadata_)
                db->set_metadata(key, value);
            close_run(*db, changes);
        } catch (...) {
            std::lock_guard lock(mutex_);
            error_ = std::current_exception();
            failed_ = true;
            space_.notify_all();
        }
    }
};

ShardedBuild::ShardedBuild(const fs::path& staging, unsigned shards,
                           const analyzers::GermanAnalyzer& analyzer, const BuildOptions& options,
                           const BuildCallbacks& callbacks,
                           std::vector<std::pair<std::string, std::string>> metadata)
    : shard_root_(staging / "shards"), callbacks_(callbacks), metadata_(std::move(metadata)) {
    fs::create_directories(shard_root_);
    for (unsigned i = 0; i < shards; ++i)
        workers_.push_back(std::make_unique<Worker>(shard_root_ / std::to_string(i), i, shards,
                                                    analyzer, options, callbacks, commits_,
                                                    metadata_));
}

ShardedBuild::~ShardedBuild() { stop(); }

void ShardedBuild::stop() noexcept {
    for (auto& worker : workers_)
        worker->abort();
}

void ShardedBuild::add(Post&& post) {
    workers_[next_]->push(std::move(post));
    next_ = (next_ + 1) % workers_.size();
}

void ShardedBuild::finish(const fs::path& database) {
    for (auto& worker : workers_)
        worker->close();
    for (auto& worker : workers_)
        worker->join_and_check();
    Xapian::Database all;
    std::size_t runs = 0;
    for (const auto& worker : workers_)
        for (const auto& run : worker->runs()) {
            all.add_database(Xapian::Database(run.string()));
            ++runs;
        }
    if (callbacks_.on_stage)
        callbacks_.on_stage("compact", runs);
    SummingCompactor counts;
    all.compact(database.string(), Xapian::DB_BACKEND_GLASS, 0, counts);
    all.close();
    sync_database(database);
    workers_.clear();
    fs::remove_all(shard_root_);
}

} // namespace fundus::index::detail
