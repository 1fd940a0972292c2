// The JSON bodies of the HTTP API. Pure functions; thread-safe.
#pragma once

#include "fundus/searchd/search_service.h"
#include "fundus/searchd/search_types.h"

#include <nlohmann/json.hpp>

namespace fundus::searchd {

nlohmann::json to_json(const Hit& hit);
nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const ApiError& error);
nlohmann::json to_json(const Health& health);

/// Adds "partial": true and "failed_shards" to a result object when shards were left out.
void add_failed_shards(nlohmann::json& out, const std::vector<std::string>& failed_shards);

/// Serialises without throwing on invalid UTF-8 (replaced by U+FFFD).
std::string dump(const nlohmann::json& j);

} // namespace fundus::searchd
