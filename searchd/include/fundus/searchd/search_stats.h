// Search analytics for editors: per day, what readers searched for and what found nothing.
// Privacy-friendly by construction: only normalised query texts and counts per UTC day are kept
// (no times, addresses, sessions or sequences); queries that look personal (an e-mail address, a
// long number) are counted but their text is dropped; a report lists only queries searched at
// least `min_count` times; memory is bounded. Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace fundus::searchd {

struct StatsOptions {
    unsigned keep_days = 90;                 ///< older days are dropped
    std::size_t max_queries_per_day = 20000; ///< distinct texts per day; beyond, only totals count
    unsigned min_count = 2; ///< a query text is reported from this many searches on
};

class SearchStats {
public:
    explicit SearchStats(StatsOptions options = {});

    /// The text a query is counted under: case folded, whitespace collapsed, at most 200 bytes;
    /// empty when it should not be kept (empty, or it looks personal).
    static std::string normalise(std::string_view query);

    /// Counts one search (a first page) that found `total` documents, on the UTC day of `when`.
    void record(std::string_view query, std::size_t total,
                std::chrono::system_clock::time_point when);

    /// The newest `days` days up to `now`, newest first: {"days": [{"date", "searches",
    /// "zero_result_searches", "top_queries": [{"query", "count"}], "zero_result_queries": [...]}],
    /// "min_count": N}; each list has at most `limit` entries, most frequent first.
    [[nodiscard]] nlohmann::json report(unsigned days, std::size_t limit,
                                        std::chrono::system_clock::time_point now) const;

    /// Writes everything to `file` atomically (a temporary file renamed over it). Throws
    /// fundus::Error when it cannot be written.
    void save(const std::filesystem::path& file) const;
    /// Adds what `file` holds (written by save()); a missing file is no error. Throws
    /// fundus::Error naming the file when it is malformed.
    void load(const std::filesystem::path& file);

    /// True when something was recorded since the last save().
    [[nodiscard]] bool changed() const;

private:
    struct QueryCount {
        std::size_t searches = 0;
        std::size_t zero_results = 0;
    };
    struct Day {
        std::size_t searches = 0;
        std::size_t zero_results = 0;
        std::map<std::string, QueryCount> queries;
    };
    StatsOptions options_;
    mutable std::mutex mutex_;
    std::map<std::string, Day> days_; ///< by "YYYY-MM-DD"
    mutable bool changed_ = false;

    void prune(const std::string& today);
};

} // namespace fundus::searchd
