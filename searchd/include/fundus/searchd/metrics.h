// searchd's Prometheus metrics: requests by endpoint and status, a latency histogram per endpoint,
// the index's state and the process's memory, rendered in the Prometheus text format 0.0.4.
// Thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fundus::searchd {

/// What /metrics reports about the index being served.
struct IndexState {
    unsigned generation = 0;
    std::size_t documents = 0;
    /// The generation's generation.json: built_at, seconds, rejected, mode, ... (may be empty).
    nlohmann::json meta = nlohmann::json::object();
    /// Bytes of the in-memory date and facet values (0: none, e.g. with shards).
    std::size_t value_table_bytes = 0;
};

class Metrics {
public:
    /// Upper bounds (seconds) of the latency histogram's buckets.
    static constexpr std::array<double, 12> latency_buckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0};

    /// `endpoints` are the route labels requests are counted under ("/api/search",
    /// "/demo/{file}", "/api/related/{id}"); a path matching none is counted as "other".
    explicit Metrics(std::vector<std::string> endpoints);

    /// The label of a request path: an endpoint that equals it, or one ending in "{…}" whose
    /// prefix it extends by one non-empty segment; "other" otherwise; "invalid" for an empty path
    /// (a request that could not be parsed).
    [[nodiscard]] std::string endpoint_of(std::string_view path) const;

    /// Counts one answered request.
    void observe(std::string_view path, int status, double seconds);

    /// The whole exposition: counters and histogram, index gauges (age relative to `now`),
    /// process memory.
    [[nodiscard]] std::string render(const IndexState& index,
                                     std::chrono::system_clock::time_point now) const;

private:
    struct Histogram {
        std::array<std::uint64_t, latency_buckets.size()> buckets{};
        std::uint64_t count = 0;
        double sum = 0;
    };
    std::vector<std::string> endpoints_;
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::uint64_t> requests_;
    std::map<std::string, Histogram> latency_;
};

/// Parses an ISO 8601 UTC time "2026-11-29T16:43:42Z"; nothing for anything else.
std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text);

} // namespace fundus::searchd
