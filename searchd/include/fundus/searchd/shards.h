// Where searchd reads its documents from: one index directory, or a set of shards (local index
// directories and xapian-tcpsrv addresses, listed or in a Xapian stub database file), and how a
// failing shard is answered. Plain values and parsing: thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::searchd {

/// One shard: a local index directory (followed generation by generation, like `index`; a plain
/// Xapian database folder is opened as it is) or a remote database served by xapian-tcpsrv.
struct ShardAddress {
    enum class Kind { local, remote };
    Kind kind = Kind::local;
    std::filesystem::path dir; ///< local
    std::string host;          ///< remote
    unsigned port = 0;         ///< remote

    /// "DIR" or "tcp://HOST:PORT": how errors, logs and `failed_shards` name the shard.
    [[nodiscard]] std::string name() const;
    bool operator==(const ShardAddress&) const = default;
};

/// What a request gets while a shard is down or too slow.
enum class ShardFailure {
    error,   ///< a 503 error naming the shard
    partial, ///< the results of the other shards, flagged "partial" with the failed shards named
};

/// The documents searchd serves and how it reaches them.
struct IndexLayout {
    std::filesystem::path index_dir;  ///< without shards: the one index directory
    std::vector<ShardAddress> shards; ///< empty: index_dir alone
    /// An index directory whose generations hold the spelling data of all shards (fundus-index
    /// build --shards writes DIR/spelling); empty: the shards' own spelling data, which remote
    /// shards do not offer.
    std::filesystem::path spelling_dir;
    unsigned shard_timeout_ms = 2000; ///< per remote operation and for connecting
    ShardFailure failure = ShardFailure::error;
    /// Keep the date and facet slots of an unsharded index in memory (4 bytes per slot and
    /// document: 24 MB for a million documents) so that searches count facets and sort by date
    /// without reading value slots (searchd/src/value_table.h).
    bool value_table = true;

    [[nodiscard]] bool sharded() const { return !shards.empty(); }
};

/// A shard as written in the `shard` key: "tcp://HOST:PORT" ("[IPv6]" allowed) or a directory.
/// Throws fundus::Error "KEY: ..." naming the text when it is malformed.
ShardAddress parse_shard(const std::string& text, const std::string& key);

/// The shards listed in a Xapian stub database file: `auto PATH` and `glass PATH` lines (PATH
/// relative to the file's folder), `remote HOST:PORT` lines (xapian-tcpsrv); blank lines and
/// '#' comments ignored. Throws fundus::Error "FILE:LINE: ..." for anything else (`remote :PROG`
/// included: searchd does not start programs).
std::vector<ShardAddress> parse_stub(std::string_view text, const std::filesystem::path& file);

/// parse_stub() of a file; throws fundus::Error when it cannot be read.
std::vector<ShardAddress> read_stub(const std::filesystem::path& file);

} // namespace fundus::searchd
