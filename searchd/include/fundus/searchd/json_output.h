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

/// Serialises without throwing on invalid UTF-8 (replaced by U+FFFD).
std::string dump(const nlohmann::json& j);

} // namespace fundus::searchd
