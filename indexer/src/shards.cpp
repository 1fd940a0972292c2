#include "fundus/index/shards.h"

#include "fundus/error.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"

#include <xapian.h>

#include <fstream>
#include <vector>

namespace fundus::index {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view hash_name = "fnv1a-64";

fs::path layout_file(const fs::path& root) {
    return root / "shards.json";
}

void write_layout(const fs::path& root, unsigned shards) {
    fs::create_directories(root);
    const fs::path tmp = root / "shards.json.tmp";
    {
        std::ofstream out(tmp);
        out << nlohmann::json{{"shards", shards}, {"hash", hash_name}}.dump(2) << '\n';
        if (!out.flush())
            throw Error("index_shards(): cannot write " + tmp.string());
    }
    fs::rename(tmp, layout_file(root));
}

/// Refuses a DIR that holds a single index, and an update that would change the shard count.
void check_layout(const fs::path& root, unsigned shards, bool update) {
    if (shards == 0)
        throw Error("index_shards(): shards must be at least 1");
    if (IndexDirectory(root).current())
        throw Error("index_shards(): " + root.string() +
                    " holds a single index; shard into another directory");
    const unsigned existing = shard_count(root);
    if (update && existing != 0 && existing != shards)
        throw Error("index_shards(): " + root.string() + " has " + std::to_string(existing) +
                    " shards, not " + std::to_string(shards) +
                    "; changing the number of shards needs `fundus-index build --shards " +
                    std::to_string(shards) + "`");
}

/// The word-suggestion counts (schema::suggest_word metadata) of `shards`, summed, into `out`:
/// a merge of their key lists, which come sorted, so that a million words never sit in memory.
void sum_word_suggestions(const std::vector<Xapian::Database>& shards,
                          Xapian::WritableDatabase& out) {
    const std::string prefix(schema::suggest_word);
    std::vector<Xapian::TermIterator> at;
    for (const auto& db : shards)
        at.push_back(db.metadata_keys_begin(prefix));
    const Xapian::TermIterator end;
    for (;;) {
        std::string key; // the smallest key not yet written
        for (const auto& it : at)
            if (it != end && (key.empty() || *it < key))
                key = *it;
        if (key.empty())
            return;
        std::uint64_t sum = 0;
        for (std::size_t k = 0; k < at.size(); ++k)
            if (at[k] != end && *at[k] == key) {
                sum += schema::suggest_count(shards[k].get_metadata(key));
                ++at[k];
            }
        if (sum > 0)
            out.set_metadata(key, std::to_string(sum));
    }
}

/// The spelling data and word-suggestion counts of every shard's current generation, summed, into
/// a new generation of DIR/spelling: what one index over all posts would have.
unsigned build_spelling(const fs::path& root, unsigned shards, unsigned keep) {
    const fs::path dir = spelling_path(root);
    WriterLock lock(dir);
    IndexDirectory index(dir);
    auto [number, staging] = index.begin_generation();
    try {
        Xapian::WritableDatabase out(IndexDirectory::database_path(staging).string(),
                                     Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        std::vector<Xapian::Database> ins;
        for (unsigned k = 0; k < shards; ++k) {
            const auto current = IndexDirectory(shard_path(root, k)).current();
            if (!current)
                throw Error("index_shards(): " + shard_path(root, k).string() +
                            " has no current generation");
            const Xapian::Database& in =
                ins.emplace_back(IndexDirectory::database_path(current->path).string());
            for (auto it = in.spellings_begin(); it != in.spellings_end(); ++it)
                out.add_spelling(*it, it.get_termfreq());
        }
        sum_word_suggestions(ins, out);
        out.commit();
        out.close();
        index.publish(number, {{"generation", number},
                               {"built_at", utc_now_iso8601()},
                               {"mode", "spelling"},
                               {"documents", 0},
                               {"shards", shards}});
        index.prune(keep);
    } catch (...) {
        index.abandon_generation(number);
        throw;
    }
    return number;
}

} // namespace

unsigned shard_of(std::string_view id, unsigned shards) {
    if (shards == 0)
        throw Error("shard_of(): shards must be at least 1");
    return static_cast<unsigned>(fnv1a64(id) % shards);
}

fs::path shard_path(const fs::path& root, unsigned shard) {
    return root / ("shard-" + std::to_string(shard));
}

fs::path spelling_path(const fs::path& root) {
    return root / "spelling";
}

unsigned shard_count(const fs::path& root) {
    std::ifstream in(layout_file(root));
    if (!in)
        return 0;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || !j.contains("shards") || !j["shards"].is_number_unsigned())
        throw Error("shard_count(): " + layout_file(root).string() + " is malformed");
    return j["shards"].get<unsigned>();
}

nlohmann::json ShardedReport::to_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t k = 0; k < shards.size(); ++k) {
        auto j = shards[k].to_json();
        j["shard"] = k;
        list.push_back(std::move(j));
    }
    return {{"shards", std::move(list)}, {"spelling_generation", spelling_generation}};
}

ShardedReport index_shards(const BuildOptions& options, unsigned shards, bool update,
                           const analyzers::GermanAnalyzer& analyzer, const Gazetteer& gazetteer,
                           const BuildCallbacks& callbacks) {
    const fs::path root = options.index_dir;
    check_layout(root, shards, update);
    write_layout(root, shards);
    ShardedReport report;
    for (unsigned k = 0; k < shards; ++k) {
        BuildOptions one = options;
        one.index_dir = shard_path(root, k);
        one.shard = k;
        one.shards = shards;
        try {
            report.shards.push_back(update ? update_index(one, analyzer, gazetteer, callbacks)
                                           : build_index(one, analyzer, gazetteer, callbacks));
        } catch (const Error& e) {
            throw Error("shard " + std::to_string(k) + " (" + one.index_dir.string() +
                        "): " + e.what());
        }
    }
    report.spelling_generation = build_spelling(root, shards, options.keep_generations);
    return report;
}

} // namespace fundus::index
