#include "fundus/searchd/index_reader.h"

#include "fundus/index/generations.h"
#include "value_table.h"

namespace fundus::searchd {

namespace {

using index::IndexDirectory;

/// A folder Xapian opens as it is: a database, or a replica (a stub file inside).
bool is_xapian_folder(const std::filesystem::path& dir) {
    std::error_code ec;
    return std::filesystem::exists(dir / "iamglass", ec) ||
           std::filesystem::exists(dir / "XAPIANDB", ec);
}

/// The database to open for an index directory (its current generation, whose number goes to
/// `generation`) or a plain Xapian folder (as it is). Throws fundus::Error naming `what`.
std::filesystem::path database_in(const std::filesystem::path& dir, const std::string& what,
                                  unsigned& generation, std::string& built_at) {
    if (const auto info = IndexDirectory(dir).current()) {
        generation = info->number;
        built_at = std::max(built_at, info->meta.value("built_at", std::string()));
        return IndexDirectory::database_path(info->path);
    }
    if (is_xapian_folder(dir))
        return dir;
    throw Error("IndexReader: " + what + " " + dir.string() +
                " has no current generation (run fundus-index build first)");
}

bool same_view(const Generation& a, const Generation& b) {
    if (a.path != b.path || a.spelling != b.spelling || a.shards.size() != b.shards.size())
        return false;
    for (std::size_t i = 0; i < a.shards.size(); ++i)
        if (a.shards[i].database != b.shards[i].database || a.shards[i].uuid != b.shards[i].uuid ||
            a.shards[i].up != b.shards[i].up)
            return false;
    return true;
}

/// Asks a remote shard for its database UUID; marks it down when it does not answer in time.
void probe(ShardState& shard, unsigned timeout_ms) {
    try {
        shard.uuid = open_remote(shard.address, timeout_ms).get_uuid();
        shard.up = true;
    } catch (const Xapian::Error&) {
        shard.up = false;
    }
}

} // namespace

std::vector<std::string> Generation::failed_shards() const {
    std::vector<std::string> out;
    for (const auto& s : shards)
        if (!s.up)
            out.push_back(s.address.name());
    return out;
}

Xapian::Database open_remote(const ShardAddress& shard, unsigned timeout_ms) {
    return Xapian::Remote::open(shard.host, shard.port, timeout_ms, timeout_ms);
}

IndexReader::IndexReader(std::filesystem::path index_dir, analyzers::GermanAnalyzer prototype)
    : IndexReader(IndexLayout{std::move(index_dir), {}, {}, 2000, ShardFailure::error},
                  std::move(prototype)) {}

IndexReader::IndexReader(IndexLayout layout, analyzers::GermanAnalyzer prototype)
    : layout_(std::move(layout)), prototype_(std::move(prototype)) {
    auto first = read_view();
    if (!first)
        throw Error("IndexReader: " + layout_.index_dir.string() +
                    " has no current generation (run fundus-index build first)");
    for (auto& s : first->shards) {
        if (s.address.kind != ShardAddress::Kind::remote)
            continue;
        try {
            s.uuid = open_remote(s.address, layout_.shard_timeout_ms).get_uuid();
        } catch (const Xapian::Error& e) {
            throw Error("IndexReader: shard " + s.address.name() +
                        " does not answer: " + e.get_description());
        }
    }
    load_values(*first);
    first->epoch = 1;
    generation_ = std::move(first);
}

std::shared_ptr<Generation> IndexReader::read_view() const {
    auto g = std::make_shared<Generation>();
    g->opened_at = std::chrono::system_clock::now();
    if (!layout_.sharded()) {
        const auto info = IndexDirectory(layout_.index_dir).current();
        if (!info)
            return nullptr;
        g->number = info->number;
        g->path = info->path;
        g->meta = info->meta;
    } else {
        std::string built_at;
        nlohmann::json list = nlohmann::json::array();
        for (std::size_t i = 0; i < layout_.shards.size(); ++i) {
            const auto& address = layout_.shards[i];
            ShardState s{address, 0, {}, {}, true};
            if (address.kind == ShardAddress::Kind::local)
                s.database = database_in(address.dir, "shard", s.generation, built_at);
            g->number += s.generation;
            list.push_back({{"shard", address.name()}, {"generation", s.generation}});
            g->shards.push_back(std::move(s));
        }
        g->meta = {{"built_at", built_at}, {"shards", std::move(list)}};
    }
    if (!layout_.spelling_dir.empty()) {
        unsigned generation = 0;
        std::string built_at;
        g->spelling = database_in(layout_.spelling_dir, "spelling index", generation, built_at);
    }
    return g;
}

bool IndexReader::refresh() {
    const auto previous = generation();
    auto next = read_view();
    if (!next)
        return false;
    for (auto& s : next->shards)
        if (s.address.kind == ShardAddress::Kind::remote)
            probe(s, layout_.shard_timeout_ms);
    if (same_view(*next, *previous))
        return false;
    // Check that the local databases open before new requests are sent to them.
    for (const auto& s : next->shards)
        if (s.address.kind == ShardAddress::Kind::local)
            Xapian::Database probe(s.database.string());
    if (!next->path.empty())
        Xapian::Database probe(IndexDirectory::database_path(next->path).string());
    load_values(*next);
    replace(std::move(next));
    return true;
}

void IndexReader::load_values(Generation& view) const {
    if (!layout_.value_table)
        return;
    if (view.shards.empty()) // see value_table.h: one database only
        view.values = ValueTable::load(Xapian::Database(IndexDirectory::database_path(view.path).string()));
}

void IndexReader::replace(std::shared_ptr<Generation> next) {
    std::lock_guard lock(mutex_);
    next->epoch = generation_->epoch + 1;
    generation_ = std::move(next);
}

void IndexReader::mark_failed(const std::string& name) {
    auto next = std::make_shared<Generation>(*generation());
    bool changed = false;
    for (auto& s : next->shards)
        if (s.address.name() == name && s.up) {
            s.up = false;
            changed = true;
        }
    if (changed)
        replace(std::move(next));
}

void IndexReader::reconnect() {
    replace(std::make_shared<Generation>(*generation()));
}

std::shared_ptr<const Generation> IndexReader::generation() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

void IndexReader::open(WorkerContext& ctx, const std::shared_ptr<const Generation>& view) {
    ctx.generation = nullptr;
    ctx.db = Xapian::Database();
    ctx.word_suggestions.clear();
    if (view->shards.empty())
        ctx.db = Xapian::Database(IndexDirectory::database_path(view->path).string());
    for (const auto& s : view->shards) {
        const std::string name = s.address.name();
        if (!s.up) {
            if (layout_.failure == ShardFailure::error)
                throw ShardUnavailable(name, "it failed and has not answered since");
            continue;
        }
        if (s.address.kind == ShardAddress::Kind::local) {
            ctx.db.add_database(ctx.word_suggestions.emplace_back(s.database.string()));
            continue;
        }
        try {
            ctx.db.add_database(ctx.word_suggestions.emplace_back(
                open_remote(s.address, layout_.shard_timeout_ms)));
        } catch (const Xapian::Error& e) {
            mark_failed(name);
            throw ShardUnavailable(name, e.get_description());
        }
    }
    ctx.spelling = view->spelling.empty() ? ctx.db : Xapian::Database(view->spelling.string());
    if (!view->spelling.empty() || view->shards.empty())
        ctx.word_suggestions = {ctx.spelling};
    ctx.generation = view;
}

IndexReader::Lease IndexReader::acquire() {
    for (;;) {
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
            ctx = std::make_unique<WorkerContext>(
                WorkerContext{prototype_, nullptr, Xapian::Database(), Xapian::Database(), {}});
        if (ctx->generation == current)
            return Lease(*this, std::move(ctx));
        try {
            open(*ctx, current);
            return Lease(*this, std::move(ctx));
        } catch (const ShardUnavailable&) {
            if (layout_.failure == ShardFailure::error)
                throw;
            // partial: the shard is marked failed now; the next view leaves it out.
        }
    }
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
