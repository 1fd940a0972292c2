// fundus-searchd's configuration from three sources in rising precedence: a config file of
// `key = value` lines, FUNDUS_* environment variables, command-line flags. docs/operations.md
// documents the format and every key. Pure functions over plain values; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fundus::searchd {

struct SearchdConfig {
    std::string index = "index";
    std::vector<std::string> shards;       ///< index directories and tcp://HOST:PORT (replace index)
    std::string shards_stub;               ///< a Xapian stub database file listing shards
    std::string spelling;                  ///< spelling index directory of a sharded index
    unsigned shard_timeout_ms = 2000;      ///< per remote shard operation and connection
    std::string shard_failure = "error";   ///< error | partial
    std::string listen = "127.0.0.1:8080";
    std::string widget_dir;
    std::string data_dir;
    std::string lexicon;
    std::string synonyms;
    std::vector<std::string> cors_origins;
    unsigned threads = 8;
    unsigned poll_ms = 1000;
    unsigned read_timeout = 5;             ///< seconds per read
    unsigned write_timeout = 5;            ///< seconds per write
    unsigned request_deadline = 10;        ///< seconds for a whole request to arrive
    std::size_t max_request_bytes = 32768; ///< request line + headers + body
    unsigned search_time_limit_ms = 2000;  ///< Xapian matching time per search (0: none)
    unsigned exact_count_limit = 10000;    ///< matches counted exactly; past it, estimates (0: all)
    std::size_t related_cache = 2000;      ///< related lists kept per index generation (0: none)
    /// RelatedTuning::max_postings: a related post must share one of the post's terms that occur
    /// in at most this many posts together (0: no limit)
    unsigned related_max_postings = 5000;
    std::size_t spelling_cache = 20000;    ///< did-you-mean suggestions kept likewise (0: none)
    std::string access_log;                ///< FILE, "-" (stdout) or empty (none)
    bool access_log_address = false;       ///< write client addresses to the access log
    std::string state_dir;                 ///< where search statistics are kept; empty: memory only
    std::string stats_token;               ///< bearer token for /api/stats; empty: disabled
    unsigned stats_keep_days = 90;
    unsigned stats_min_count = 2;
    unsigned suggest_searched_min = 3; ///< /api/suggest offers texts searched this often; 0: off
    unsigned stats_save_seconds = 300;
};

/// One configuration key: its name in the file and as a flag (--key), its environment variable
/// (FUNDUS_KEY with '-' as '_'), help, and how a value is applied.
struct ConfigKey {
    std::string name;       ///< "cors-origin"
    std::string value_name; ///< "ORIGIN", for --help
    std::string help;
    bool list = false; ///< repeatable (file, flags) or comma-separated (environment)
    bool flag = false; ///< a switch: "--key" alone means true
    /// Applies one source's values; throws fundus::Error for an invalid one.
    std::function<void(SearchdConfig&, const std::vector<std::string>&)> apply;
    [[nodiscard]] std::string env_name() const;
};

/// Every key, in the order --help lists them.
const std::vector<ConfigKey>& config_keys();

/// The entries of a config file's text: `key = value` lines; blank lines and lines starting with
/// '#' are ignored; a value may be quoted with "..." (to keep spaces or '#'); a list key may come
/// several times. Throws fundus::Error "NAME:LINE: ..." for a malformed line or an unknown key.
std::vector<std::pair<std::string, std::string>> parse_config_file(std::string_view text,
                                                                   const std::string& name);

/// The configuration from `file` entries, then the environment (`getenv`), then `flags`
/// entries; a later source replaces a key's value (a list as a whole). Throws fundus::Error
/// naming the source and key when a value is invalid.
SearchdConfig
resolve_config(const std::vector<std::pair<std::string, std::string>>& file,
               const std::function<std::optional<std::string>(const std::string&)>& getenv,
               const std::vector<std::pair<std::string, std::string>>& flags);

/// The configuration as JSON, with the stats token replaced by "(set)" (for --print-config).
nlohmann::json to_json(const SearchdConfig& config);

} // namespace fundus::searchd
