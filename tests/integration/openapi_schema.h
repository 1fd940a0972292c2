// For the OpenAPI test: docs/openapi.yaml read into nlohmann::json (yaml-cpp), and a checker for
// the subset of OpenAPI 3.0 schema keywords the document uses. A keyword outside the subset is
// reported, never silently ignored. Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fundus::testing {

/// The YAML file as JSON: mappings become objects, sequences arrays; a plain scalar that reads
/// as a boolean, null or number becomes one, quoted scalars stay strings. Throws on bad YAML.
nlohmann::json load_yaml(const std::filesystem::path& file);

/// docs/openapi.yaml, loaded once per process.
const nlohmann::json& openapi_document();

/// What is wrong with `value` against `schema` ("$.hits[0].score: expected number, got
/// string"), resolving "#/..." references in `document`; empty when it conforms. Keywords:
/// $ref, type, nullable, properties, required, additionalProperties (boolean), items, enum,
/// minimum, maximum, minLength, maxLength, maxItems, pattern, format (date); description,
/// default and example are ignored.
std::vector<std::string> schema_problems(const nlohmann::json& document,
                                         const nlohmann::json& schema, const nlohmann::json& value,
                                         const std::string& where = "$");

/// `node` with a "$ref" followed (repeatedly) within `document`. Throws std::runtime_error for
/// a reference that does not resolve.
const nlohmann::json& resolve(const nlohmann::json& document, const nlohmann::json& node);

} // namespace fundus::testing
