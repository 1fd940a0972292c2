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
#include <vector>
#include <cstdint>

namespace fundus::searchd {

struct StatsOptions {
    unsigned keep_days = 90;                 ///< older days are dropped
    std::size_t max_queries_per_day = 20000; ///< distinct texts per day; beyond, only totals count
    unsigned min_count = 2; ///< a query text is reported from this many searches on
    /// How long searched() may answer from its snapshot before it is rebuilt with newer counts.
    std::chrono::seconds snapshot_seconds{30};
};

/// A query text readers searched, with how often (see SearchStats::searched).
struct SearchedQuery {
    std::string query; ///< normalised: case folded, single spaces
    std::size_t count = 0;
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

    /// For search-as-you-type: the query texts searched at least `min_count` times in the `days`
    /// days up to `now` that found something at least once, whose spelling key
    /// (index::region_key: case and umlauts folded, punctuation as spaces) starts with
    /// `prefix_key`; most searched first, at most `limit`. Answered from a sorted snapshot that
    /// is rebuilt when it is older than StatsOptions::snapshot_seconds and something changed, so
    /// a keystroke costs a binary search, not a walk over every day.
    [[nodiscard]] std::vector<SearchedQuery> searched(std::string_view prefix_key, std::size_t limit,
                                                      unsigned days, unsigned min_count,
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

    struct SnapshotEntry {
        std::string key; ///< index::region_key of the query
        std::string query;
        std::size_t count = 0;
    };
    mutable std::vector<SnapshotEntry> snapshot_; ///< sorted by key
    mutable std::chrono::system_clock::time_point snapshot_at_{};
    mutable unsigned snapshot_days_ = 0;
    mutable unsigned snapshot_min_count_ = 0;
    mutable std::uint64_t version_ = 0;          ///< counts record() and load()
    mutable std::uint64_t snapshot_version_ = ~std::uint64_t{0};

    void prune(const std::string& today);
};

} // namespace fundus::searchd
