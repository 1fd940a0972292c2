#include "fundus/searchd/json_output.h"

#include <cmath>

namespace fundus::searchd {

namespace {

nlohmann::json facet_json(const std::vector<FacetValue>& values) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : values) {
        nlohmann::json item = {{"value", v.value}, {"count", v.count}};
        if (v.selected)
            item["selected"] = true;
        out.push_back(std::move(item));
    }
    return out;
}

double rounded(double x, double scale) { return std::round(x * scale) / scale; }

} // namespace

nlohmann::json to_json(const Hit& hit) {
    return {{"id", hit.id},
            {"url", hit.url},
            {"title", hit.title},
            {"teaser", hit.teaser},
            {"snippet", hit.snippet},
            {"published", hit.published},
            {"type", hit.type},
            {"region",
             {{"state", hit.region.state},
              {"district", hit.region.district},
              {"municipality", hit.region.municipality}}},
            {"topics", hit.topics},
            {"tags", hit.tags},
            {"authors", hit.authors},
            {"score", rounded(hit.score, 1e4)}};
}

nlohmann::json to_json(const SearchResult& r) {
    nlohmann::json hits = nlohmann::json::array();
    for (const auto& h : r.hits)
        hits.push_back(to_json(h));
    nlohmann::json out = {{"query", r.query},
                          {"total", r.total},
                          {"counts_exact", r.counts_exact},
                          {"total_exact", r.total_exact},
                          {"facets_exact", r.facets_exact},
                          {"page", r.page},
                          {"size", r.size},
                          {"took_ms", rounded(r.took_ms, 1e3)},
                          {"matched", r.matched},
                          {"relaxed", r.relaxed},
                          {"generation", r.generation},
                          {"hits", std::move(hits)},
                          {"facets",
                           {{"topic", facet_json(r.facets.topic)},
                            {"region", facet_json(r.facets.region)},
                            {"district", facet_json(r.facets.district)},
                            {"type", facet_json(r.facets.type)},
                            {"year", facet_json(r.facets.year)}}}};
    if (r.did_you_mean)
        out["did_you_mean"] = *r.did_you_mean;
    if (r.corrected) {
        out["corrected"] = true;
        out["corrected_query"] = r.corrected_query;
    }
    if (!r.suggested_filters.empty()) {
        nlohmann::json filters = nlohmann::json::array();
        for (const auto& f : r.suggested_filters)
            filters.push_back({{"parameter", f.parameter}, {"value", f.value}, {"matched", f.matched}});
        out["suggested_filters"] = std::move(filters);
    }
    add_failed_shards(out, r.failed_shards);
    return out;
}

void add_failed_shards(nlohmann::json& out, const std::vector<std::string>& failed_shards) {
    if (failed_shards.empty())
        return;
    out["partial"] = true;
    out["failed_shards"] = failed_shards;
}

nlohmann::json to_json(const ApiError& e) {
    nlohmann::json error = {{"code", e.code}, {"message", e.message}};
    error["parameter"] = e.parameter.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.parameter);
    return {{"error", std::move(error)}};
}

nlohmann::json to_json(const Health& h) {
    return {{"status", h.status},
            {"documents", h.documents},
            {"generation", h.generation},
            {"built_at", h.built_at}};
}

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace fundus::searchd
