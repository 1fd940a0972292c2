// Private: the HTTP side of /api/related/{id} and /api/suggest: query parameters -> requests, with
// every check the API promises, and results -> the JSON bodies. Pure functions; thread-safe.
#pragma once

#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_types.h"

#include <nlohmann/json.hpp>

#include <string>

namespace fundus::searchd {

inline constexpr unsigned max_related_size = 50;
inline constexpr unsigned max_suggest_size = 20;
inline constexpr std::size_t max_suggest_bytes = 200;
inline constexpr std::size_t max_id_bytes = 500;

/// `id` from the path; size (1..50, default 5), type (post | praxisbeispiel, repeatable).
Outcome<RelatedRequest> parse_related_request(const std::string& id, const Params& params);

/// q (at most 200 bytes; missing = empty), size (1..20, default 8).
Outcome<SuggestRequest> parse_suggest_request(const Params& params);

/// {"id", "hits": [hits shaped like /api/search's]}
nlohmann::json to_json(const RelatedResult& result);
/// {"query", "suggestions": [{"text", "kind"}]}
nlohmann::json to_json(const SuggestResult& result);

} // namespace fundus::searchd
