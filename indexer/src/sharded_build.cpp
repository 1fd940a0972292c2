#include "sharded_build.h"

#include "database_copy.h"
#include "indexing_sink.h"

#include "fundus/error.h"
#include "fundus/index/document_builder.h"

#include <xapian.h>

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

/// Posts per worker queue: enough to keep a worker busy, little memory.
constexpr std::size_t queue_capacity = 64;

} // namespace

class ShardedBuild::Worker {
public:
    Worker(fs::path path, const analyzers::GermanAnalyzer& analyzer, const BuildOptions& options,
           const BuildCallbacks& callbacks, std::atomic<std::size_t>& commits,
           const std::vector<std::pair<std::string, std::string>>& metadata)
        : path_(std::move(path)), builder_(analyzer), options_(options), callbacks_(callbacks),
          commits_(commits), metadata_(metadata), thread_([this] { run(); }) {}

    ~Worker() { join(); }

    void push(Post&& post) {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queue_.size() < queue_capacity || failed_; });
        if (failed_)
            std::rethrow_exception(error_);
        queue_.push_back(std::move(post));
        ready_.notify_one();
    }

    /// No more posts: the worker commits and ends. Rethrows its error.
    void close_and_join() {
        {
            std::lock_guard lock(mutex_);
            closed_ = true;
        }
        ready_.notify_one();
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
        }
        ready_.notify_one();
        join();
    }

    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
    DocumentBuilder builder_;
    const BuildOptions& options_;
    const BuildCallbacks& callbacks_;
    std::atomic<std::size_t>& commits_;
    const std::vector<std::pair<std::string, std::string>>& metadata_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::deque<Post> queue_;
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
        space_.notify_one();
        return post;
    }

    void commit(Xapian::WritableDatabase& db, SpellingChanges& spelling) {
        if (callbacks_.on_stage)
            callbacks_.on_stage("commit", ++commits_);
        spelling.apply(db);
        db.commit();
    }

    void run() {
        try {
            Xapian::WritableDatabase db(path_.string(),
                                        Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
            SpellingChanges spelling;
            std::vector<std::string> words;
            std::size_t since_commit = 0;
            while (auto post = pop()) {
                words.clear();
                db.add_document(builder_.build(*post, options_.spelling ? &words : nullptr));
                spelling.add(words);
                if (++since_commit >= options_.commit_every) {
                    commit(db, spelling);
                    since_commit = 0;
                }
            }
            {
                std::lock_guard lock(mutex_);
                if (aborted_)
                    return;
            }
            for (const auto& [key, value] : metadata_)
                db.set_metadata(key, value);
            commit(db, spelling);
            db.close();
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
        workers_.push_back(std::make_unique<Worker>(shard_root_ / std::to_string(i), analyzer,
                                                    options, callbacks, commits_, metadata_));
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
        worker->close_and_join();
    Xapian::Database all;
    for (const auto& worker : workers_)
        all.add_database(Xapian::Database(worker->path().string()));
    if (callbacks_.on_stage)
        callbacks_.on_stage("compact", workers_.size());
    all.compact(database.string(), Xapian::DB_BACKEND_GLASS);
    all.close();
    sync_database(database);
    workers_.clear();
    fs::remove_all(shard_root_);
}

} // namespace fundus::index::detail
