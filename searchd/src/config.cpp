#include "fundus/searchd/config.h"

#include "fundus/error.h"
#include "fundus/searchd/shards.h"
#include "fundus/text.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace fundus::searchd {

namespace {

const std::string& single(const std::string& key, const std::vector<std::string>& values) {
    if (values.size() != 1)
        throw Error("'" + key + "' takes one value, not " + std::to_string(values.size()));
    return values.front();
}

template <typename T> T to_number(const std::string& key, const std::string& text, T min, T max) {
    T value{};
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value < min || value > max)
        throw Error("'" + key + "' must be a whole number from " + std::to_string(min) + " to " +
                    std::to_string(max) + ", not '" + text + "'");
    return value;
}

bool to_bool(const std::string& key, const std::string& text) {
    if (text == "true" || text == "yes" || text == "on" || text == "1")
        return true;
    if (text == "false" || text == "no" || text == "off" || text == "0")
        return false;
    throw Error("'" + key + "' must be true or false, not '" + text + "'");
}

using Values = std::vector<std::string>;

ConfigKey text_key(std::string name, std::string value_name, std::string help,
                   std::string SearchdConfig::*field) {
    const std::string key = name;
    return {
        std::move(name),
        std::move(value_name),
        std::move(help),
        false,
        false,
        [key, field](SearchdConfig& c, const Values& v) { c.*field = single(key, v); },
    };
}

template <typename T>
ConfigKey number_key(std::string name, std::string help, T SearchdConfig::*field, T min, T max) {
    const std::string key = name;
    return {std::move(name),
            "N",
            std::move(help),
            false,
            false,
            [key, field, min, max](SearchdConfig& c, const Values& v) {
                c.*field = to_number<T>(key, single(key, v), min, max);
            }};
}

ConfigKey bool_key(std::string name, std::string help, bool SearchdConfig::*field) {
    const std::string key = name;
    return {std::move(name),
            "",
            std::move(help),
            false,
            true,
            [key, field](SearchdConfig& c, const Values& v) {
                c.*field = to_bool(key, single(key, v));
            }};
}

std::vector<ConfigKey> make_keys() {
    constexpr unsigned max_u = std::numeric_limits<unsigned>::max();
    std::vector<ConfigKey> keys;
    keys.push_back(text_key("index", "DIR", "index directory (as given to fundus-index)",
                            &SearchdConfig::index));
    keys.push_back({"shard", "DIR|tcp://HOST:PORT",
                    "a shard: an index directory or a xapian-tcpsrv address (repeatable; "
                    "replaces index)",
                    true, false, [](SearchdConfig& c, const Values& v) {
                        for (const auto& shard : v)
                            parse_shard(shard, "shard");
                        c.shards = v;
                    }});
    keys.push_back(text_key("shards-stub", "FILE",
                            "a Xapian stub database file listing the shards (replaces index)",
                            &SearchdConfig::shards_stub));
    keys.push_back(text_key("spelling", "DIR",
                            "spelling index of a sharded index (fundus-index build --shards "
                            "writes INDEX/spelling)",
                            &SearchdConfig::spelling));
    keys.push_back(number_key<unsigned>("shard-timeout-ms",
                                        "how long a remote shard may take to connect or answer",
                                        &SearchdConfig::shard_timeout_ms, 1, 600000));
    keys.push_back({"shard-failure", "error|partial",
                    "a shard down or too slow gives a 503 error, or partial results", false, false,
                    [](SearchdConfig& c, const Values& v) {
                        const std::string& value = single("shard-failure", v);
                        if (value != "error" && value != "partial")
                            throw Error("'shard-failure' must be error or partial, not '" + value +
                                        "'");
                        c.shard_failure = value;
                    }});
    keys.push_back(text_key("listen", "HOST:PORT", "where to listen (port 0: any free port)",
                            &SearchdConfig::listen));
    keys.push_back(text_key("widget-dir", "DIR", "the widget folder (dist/ and demo/)",
                            &SearchdConfig::widget_dir));
    keys.push_back(text_key("data-dir", "DIR",
                            "stop words, synonyms, regions (default: built-in data/)",
                            &SearchdConfig::data_dir));
    keys.push_back(text_key("lexicon", "FILE",
                            "word list for compound splitting (default /usr/share/dict/ngerman)",
                            &SearchdConfig::lexicon));
    keys.push_back(text_key("synonyms", "FILE", "synonyms file (default DATA_DIR/synonyms.txt)",
                            &SearchdConfig::synonyms));
    keys.push_back({"cors-origin", "ORIGIN",
                    "a browser origin allowed to call the API (repeatable)", true, false,
                    [](SearchdConfig& c, const Values& v) { c.cors_origins = v; }});
    keys.push_back(
        number_key<unsigned>("threads", "worker threads", &SearchdConfig::threads, 1, 1024));
    keys.push_back(number_key<unsigned>("poll-ms",
                                        "how often to look for a new index generation (ms)",
                                        &SearchdConfig::poll_ms, 10, 3600000));
    keys.push_back(number_key<unsigned>("read-timeout", "seconds a read may wait for the client",
                                        &SearchdConfig::read_timeout, 1, 3600));
    keys.push_back(number_key<unsigned>("write-timeout", "seconds a write may wait for the client",
                                        &SearchdConfig::write_timeout, 1, 3600));
    keys.push_back(number_key<unsigned>("request-deadline", "seconds for a whole request to arrive",
                                        &SearchdConfig::request_deadline, 1, 3600));
    keys.push_back(
        number_key<std::size_t>("max-request-bytes", "bytes of request line, headers and body",
                                &SearchdConfig::max_request_bytes, 1024, 16 * 1024 * 1024));
    keys.push_back(number_key<unsigned>("search-time-limit-ms",
                                        "matching time per search (0: unlimited)",
                                        &SearchdConfig::search_time_limit_ms, 0, 600000));
    keys.push_back(number_key<unsigned>(
        "exact-count-limit",
        "matches counted exactly for the total and facets; past it, estimates (0: always exact)",
        &SearchdConfig::exact_count_limit, 0, 100000000));
    keys.push_back(number_key<std::size_t>(
        "related-cache",
        "related lists kept per index generation, least recently used dropped (0: none)",
        &SearchdConfig::related_cache, 0, 10000000));
    keys.push_back(number_key<unsigned>(
        "related-max-postings",
        "a related post must share one of the post's rarer terms, those in at most this many "
        "posts together (0: no limit)",
        &SearchdConfig::related_max_postings, 0, 100000000));
    keys.push_back(number_key<std::size_t>(
        "spelling-cache", "did-you-mean suggestions kept per index generation (0: none)",
        &SearchdConfig::spelling_cache, 0, 10000000));
    keys.push_back(text_key("access-log", "FILE", "JSON-lines access log: a file, or - for stdout",
                            &SearchdConfig::access_log));
    keys.push_back(bool_key("access-log-address", "write client addresses to the access log",
                            &SearchdConfig::access_log_address));
    keys.push_back(text_key("state-dir", "DIR",
                            "where search statistics are saved (default: memory only)",
                            &SearchdConfig::state_dir));
    keys.push_back(text_key("stats-token", "TOKEN",
                            "bearer token for GET /api/stats (unset: disabled)",
                            &SearchdConfig::stats_token));
    keys.push_back(number_key<unsigned>("stats-keep-days", "days of search statistics kept",
                                        &SearchdConfig::stats_keep_days, 1, 3650));
    keys.push_back(number_key<unsigned>("stats-min-count",
                                        "a query is reported from this many searches on",
                                        &SearchdConfig::stats_min_count, 1, max_u));
    keys.push_back(number_key<unsigned>(
        "suggest-searched-min",
        "search-as-you-type also offers queries searched this often in 30 days (0: never)",
        &SearchdConfig::suggest_searched_min, 0, max_u));
    keys.push_back(number_key<unsigned>("stats-save-seconds",
                                        "how often statistics are saved to the state dir",
                                        &SearchdConfig::stats_save_seconds, 1, 86400));
    return keys;
}

const ConfigKey* find_key(std::string_view name) {
    const auto& keys = config_keys();
    const auto it =
        std::find_if(keys.begin(), keys.end(), [&](const ConfigKey& k) { return k.name == name; });
    return it == keys.end() ? nullptr : &*it;
}

/// Applies one source: each key's values, grouped, replacing what earlier sources set.
void apply_source(SearchdConfig& config,
                  const std::vector<std::pair<std::string, std::string>>& entries,
                  const std::string& source) {
    std::vector<std::pair<const ConfigKey*, Values>> grouped;
    for (const auto& [name, value] : entries) {
        const ConfigKey* key = find_key(name);
        if (key == nullptr)
            throw Error(source + ": unknown key '" + name + "'");
        auto it = std::find_if(grouped.begin(), grouped.end(),
                               [&](const auto& g) { return g.first == key; });
        if (it == grouped.end()) {
            grouped.push_back({key, {}});
            it = std::prev(grouped.end());
        }
        if (key->list || it->second.empty())
            it->second.push_back(value);
        else
            it->second.back() = value; // a key given twice: the last one counts
    }
    for (const auto& [key, values] : grouped) {
        try {
            key->apply(config, values);
        } catch (const Error& e) {
            throw Error(source + ": " + e.what());
        }
    }
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        std::string item = trim(std::string_view(text).substr(start, comma - start));
        if (!item.empty())
            out.push_back(std::move(item));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return out;
}

} // namespace

std::string ConfigKey::env_name() const {
    std::string out = "FUNDUS_";
    for (const char c : name)
        out += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

const std::vector<ConfigKey>& config_keys() {
    static const std::vector<ConfigKey> keys = make_keys();
    return keys;
}

std::vector<std::pair<std::string, std::string>> parse_config_file(std::string_view text,
                                                                   const std::string& name) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t line_number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string line = trim(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        ++line_number;
        const std::string where = name + ":" + std::to_string(line_number);
        if (line.empty() || line.front() == '#')
            continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            throw Error(where + ": expected 'key = value', got '" + line + "'");
        const std::string key = trim(std::string_view(line).substr(0, eq));
        std::string value = trim(std::string_view(line).substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        } else if (const auto hash = value.find(" #"); hash != std::string::npos) {
            value = trim(std::string_view(value).substr(0, hash)); // a comment after the value
        }
        if (find_key(key) == nullptr)
            throw Error(where + ": unknown key '" + key + "'");
        out.emplace_back(key, value);
    }
    return out;
}

SearchdConfig
resolve_config(const std::vector<std::pair<std::string, std::string>>& file,
               const std::function<std::optional<std::string>(const std::string&)>& getenv,
               const std::vector<std::pair<std::string, std::string>>& flags) {
    SearchdConfig config;
    apply_source(config, file, "config file");
    std::vector<std::pair<std::string, std::string>> env;
    for (const auto& key : config_keys()) {
        const auto value = getenv(key.env_name());
        if (!value || value->empty())
            continue; // an empty variable counts as unset (systemd EnvironmentFile placeholders)
        if (key.list) {
            for (auto& item : split_list(*value))
                env.emplace_back(key.name, std::move(item));
        } else {
            env.emplace_back(key.name, *value);
        }
    }
    apply_source(config, env, "environment");
    apply_source(config, flags, "command line");
    return config;
}

nlohmann::json to_json(const SearchdConfig& c) {
    return {{"index", c.index},
            {"shard", c.shards},
            {"shards-stub", c.shards_stub},
            {"spelling", c.spelling},
            {"shard-timeout-ms", c.shard_timeout_ms},
            {"shard-failure", c.shard_failure},
            {"listen", c.listen},
            {"widget-dir", c.widget_dir},
            {"data-dir", c.data_dir},
            {"lexicon", c.lexicon},
            {"synonyms", c.synonyms},
            {"cors-origin", c.cors_origins},
            {"threads", c.threads},
            {"poll-ms", c.poll_ms},
            {"read-timeout", c.read_timeout},
            {"write-timeout", c.write_timeout},
            {"request-deadline", c.request_deadline},
            {"max-request-bytes", c.max_request_bytes},
            {"search-time-limit-ms", c.search_time_limit_ms},
            {"exact-count-limit", c.exact_count_limit},
            {"related-cache", c.related_cache},
            {"related-max-postings", c.related_max_postings},
            {"spelling-cache", c.spelling_cache},
            {"access-log", c.access_log},
            {"access-log-address", c.access_log_address},
            {"state-dir", c.state_dir},
            {"stats-token", c.stats_token.empty() ? "" : "(set)"},
            {"stats-keep-days", c.stats_keep_days},
            {"stats-min-count", c.stats_min_count},
            {"suggest-searched-min", c.suggest_searched_min},
            {"stats-save-seconds", c.stats_save_seconds}};
}

} // namespace fundus::searchd
