#include "fundus/searchd/index_reader.h"

#include "fundus/error.h"
#include "fundus/index/generations.h"

namespace fundus::searchd {

IndexReader::IndexReader(std::filesystem::path index_dir, analyzers::GermanAnalyzer prototype)
    : index_dir_(std::move(index_dir)), prototype_(std::move(prototype)) {
    generation_ = read_current();
    if (!generation_)
        throw Error("IndexReader: " + index_dir_.string() +
                    " has no current generation (run fundus-index build first)");
}

std::shared_ptr<const Generation> IndexReader::read_current() const {
    const auto info = index::IndexDirectory(index_dir_).current();
    if (!info)
        return nullptr;
    auto g = std::make_shared<Generation>();
    g->number = info->number;
    g->path = info->path;
    g->meta = info->meta;
    g->opened_at = std::chrono::system_clock::now();
    return g;
}

bool IndexReader::refresh() {
    const auto info = index::IndexDirectory(index_dir_).current();
    {
        std::lock_guard lock(mutex_);
        if (!info || info->number == generation_->number)
            return false;
    }
    auto next = read_current();
    if (!next)
        return false;
    // Check that it opens before new requests are sent to it.
    Xapian::Database probe(index::IndexDirectory::database_path(next->path).string());
    std::lock_guard lock(mutex_);
    generation_ = std::move(next);
    return true;
}

std::shared_ptr<const Generation> IndexReader::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

IndexReader::Lease IndexReader::acquire() {
    std::unique_ptr<WorkerContext> ctx;
    std::shared_ptr<const Generation> current;
    {
        std::lock_guard lock(mutex_);
        current = generation_;
        if (!idle_.empty()) {
            ctx = std::move(idle_.back());
            idle_.pop_back();
        }
    }
    if (!ctx)
        ctx = std::make_unique<WorkerContext>(WorkerContext{prototype_, nullptr, Xapian::Database()});
    if (ctx->generation != current) {
        ctx->db = Xapian::Database(index::IndexDirectory::database_path(current->path).string());
        ctx->generation = current;
    }
    return Lease(*this, std::move(ctx));
}

void IndexReader::release(std::unique_ptr<WorkerContext> ctx) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(ctx));
}

IndexReader::Lease::~Lease() {
    if (ctx_)
        reader_->release(std::move(ctx_));
}

} // namespace fundus::searchd
