// Follows the index directory's `current` generation and hands out per-request worker contexts
// (analyzer + Xapian database), since neither is thread-safe. IndexReader is thread-safe.
#pragma once

#include "fundus/analyzers/german_analyzer.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

namespace fundus::searchd {

/// One published generation as searchd sees it.
struct Generation {
    unsigned number = 0;
    std::filesystem::path path;
    nlohmann::json meta;
    std::chrono::system_clock::time_point opened_at;
};

/// What one request works with; owned by one thread at a time.
struct WorkerContext {
    analyzers::GermanAnalyzer analyzer;
    std::shared_ptr<const Generation> generation;
    Xapian::Database db;
};

class IndexReader {
public:
    /// Throws fundus::Error when `index_dir` has no current generation to open.
    IndexReader(std::filesystem::path index_dir, analyzers::GermanAnalyzer prototype);

    /// Re-reads DIR/current; when it points to a new generation, that becomes the one new
    /// requests use. Returns true when the generation changed. In-flight requests finish on
    /// the database they started with.
    bool refresh();

    [[nodiscard]] std::shared_ptr<const Generation> generation() const;

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

    private:
        IndexReader* reader_;
        std::unique_ptr<WorkerContext> ctx_;
    };

    /// A context whose database is the current generation (opened afresh when it changed).
    Lease acquire();

private:
    std::filesystem::path index_dir_;
    analyzers::GermanAnalyzer prototype_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Generation> generation_;
    std::vector<std::unique_ptr<WorkerContext>> idle_;

    std::shared_ptr<const Generation> read_current() const;
    void release(std::unique_ptr<WorkerContext> ctx);
};

} // namespace fundus::searchd
