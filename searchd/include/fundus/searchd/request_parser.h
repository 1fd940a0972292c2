// Query-string parameters -> SearchRequest, with every check the API promises. Pure functions;
// thread-safe (the gazetteer is read-only).
#pragma once

#include "fundus/index/gazetteer.h"
#include "fundus/searchd/search_types.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fundus::searchd {

/// A value or the ApiError that explains why there is none.
template <typename T> struct Outcome {
    std::optional<T> value;
    ApiError error;

    static Outcome success(T v) { return {std::move(v), {}}; }
    static Outcome failure(ApiError e) { return {std::nullopt, std::move(e)}; }
    [[nodiscard]] bool ok() const { return value.has_value(); }
};

using Params = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::size_t max_query_bytes = 1000;
inline constexpr unsigned max_page_size = 100;
inline constexpr unsigned max_result_depth = 10000; ///< page × size

/// Checks that every parameter name and value is valid UTF-8 without NUL bytes.
std::optional<ApiError> check_encoding(const Params& params);

/// Parses the parameters of /api/search (and /api/feed): q, topic, region, district, type, year
/// (each filter repeatable), from, to, sort, page, size, facets. Unknown parameters are ignored.
/// Region and district names are normalised through the gazetteer ("BY" -> "Bayern").
Outcome<SearchRequest> parse_search_request(const Params& params, const index::Gazetteer& gazetteer);

/// Parses a bounded positive integer parameter; `fallback` when absent.
Outcome<unsigned> parse_count(const Params& params, const std::string& name, unsigned fallback,
                              unsigned min, unsigned max);

} // namespace fundus::searchd
