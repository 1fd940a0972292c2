// A sharded index: N index directories DIR/shard-0 ... DIR/shard-(N-1), each with its own
// generations and atomic switch, a post in shard FNV-1a-64(id) mod N; DIR/spelling, an index
// directory whose generations hold the spelling data of all shards (remote shards offer none to
// searchd); DIR/shards.json {"shards": N, "hash": "fnv1a-64"}. Not thread-safe for writing: one
// writer per DIR, as for one index.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/hash.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/index_builder.h"

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

namespace fundus::index {

using fundus::fnv1a64; ///< FNV-1a, 64 bits (fundus/hash.h): stable across machines and releases

/// The shard of a post: fnv1a64(id) mod shards. Throws fundus::Error when shards is 0.
unsigned shard_of(std::string_view id, unsigned shards);

std::filesystem::path shard_path(const std::filesystem::path& root,
                                 unsigned shard);                       ///< DIR/shard-K
std::filesystem::path spelling_path(const std::filesystem::path& root); ///< DIR/spelling

/// The number of shards DIR/shards.json names, or 0 when DIR is not sharded.
unsigned shard_count(const std::filesystem::path& root);

/// The reports of a sharded run: one per shard, and the spelling generation written after them.
struct ShardedReport {
    std::vector<BuildReport> shards;
    unsigned spelling_generation = 0;

    [[nodiscard]] nlohmann::json to_json() const;
};

/// build_index() (or update_index(), `update`) of every shard of options.index_dir in turn, each
/// reading all inputs and keeping its own posts; then a new generation of DIR/spelling. A build
/// with another `shards` than DIR/shards.json names starts over; an update refuses it (moving
/// posts between shards needs a build). Throws fundus::Error naming the shard that failed; the
/// shards before it are switched already, those after it (and the spelling index) are not.
ShardedReport index_shards(const BuildOptions& options, unsigned shards, bool update,
                           const analyzers::GermanAnalyzer& analyzer, const Gazetteer& gazetteer,
                           const BuildCallbacks& callbacks = {});

} // namespace fundus::index
