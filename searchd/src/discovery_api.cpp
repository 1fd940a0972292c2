#include "discovery_api.h"

#include "fundus/analyzers/folding.h"
#include "fundus/searchd/json_output.h"

namespace fundus::searchd {

namespace {

ApiError invalid(const std::string& parameter, const std::string& message) {
    return {400, "invalid_parameter", message, parameter};
}

} // namespace

Outcome<RelatedRequest> parse_related_request(const std::string& id, const Params& params) {
    using Result = Outcome<RelatedRequest>;
    if (id.empty() || id.size() > max_id_bytes || !analyzers::is_valid_utf8(id) ||
        id.find('\0') != std::string::npos)
        return Result::failure(invalid("id", "the id must be 1 to " + std::to_string(max_id_bytes) +
                                                 " bytes of UTF-8 without NUL bytes"));
    if (auto error = check_encoding(params))
        return Result::failure(*error);
    RelatedRequest r;
    r.id = id;
    const auto size = parse_count(params, "size", 5, 1, max_related_size);
    if (!size.ok())
        return Result::failure(size.error);
    r.size = *size.value;
    for (const auto& [key, value] : params) {
        if (key != "type" || value.empty())
            continue;
        if (value != "post" && value != "praxisbeispiel")
            return Result::failure(
                invalid("type", "'type' must be post or praxisbeispiel, not '" + value + "'"));
        r.types.push_back(value);
    }
    return Result::success(std::move(r));
}

Outcome<SuggestRequest> parse_suggest_request(const Params& params) {
    using Result = Outcome<SuggestRequest>;
    if (auto error = check_encoding(params))
        return Result::failure(*error);
    SuggestRequest r;
    for (const auto& [key, value] : params)
        if (key == "q")
            r.q = value;
    if (r.q.size() > max_suggest_bytes)
        return Result::failure(
            invalid("q", "'q' is longer than " + std::to_string(max_suggest_bytes) + " bytes"));
    const auto size = parse_count(params, "size", 8, 1, max_suggest_size);
    if (!size.ok())
        return Result::failure(size.error);
    r.size = *size.value;
    return Result::success(std::move(r));
}

nlohmann::json to_json(const RelatedResult& result) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : result.hits)
        hits.push_back(to_json(h));
    nlohmann::json out = {{"id", result.id}, {"hits", std::move(hits)}};
    add_failed_shards(out, result.failed_shards);
    return out;
}

nlohmann::json to_json(const SuggestResult& result) {
    nlohmann::json suggestions = nlohmann::json::array();
    for (const auto& s : result.suggestions)
        suggestions.push_back({{"text", s.text}, {"kind", s.kind}});
    nlohmann::json out = {{"query", result.query}, {"suggestions", std::move(suggestions)}};
    add_failed_shards(out, result.failed_shards);
    return out;
}

} // namespace fundus::searchd
