#include "hits.h"

#include "fundus/searchd/snippet.h"

#include <nlohmann/json.hpp>

namespace fundus::searchd {

Hit make_hit(const Xapian::Document& doc, double score, analyzers::GermanAnalyzer& analyzer,
             const std::vector<std::string>& highlight_terms, std::size_t snippet_bytes) {
    const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    Hit hit;
    hit.score = score;
    if (!data.is_object())
        return hit;
    auto text = [&](const char* key) { return data.value(key, std::string()); };
    auto list = [&](const char* key) {
        auto it = data.find(key);
        return it != data.end() && it->is_array() ? it->get<std::vector<std::string>>()
                                                  : std::vector<std::string>{};
    };
    hit.id = text("id");
    hit.url = text("url");
    hit.title = text("title");
    hit.teaser = text("teaser");
    hit.published = text("published");
    hit.type = text("type");
    hit.topics = list("topics");
    hit.tags = list("tags");
    hit.authors = list("authors");
    if (auto region = data.find("region"); region != data.end() && region->is_object()) {
        hit.region.state = region->value("state", "");
        hit.region.district = region->value("district", "");
        hit.region.municipality = region->value("municipality", "");
    }
    const std::string body = text("body");
    hit.snippet = make_snippet(analyzer, body.empty() ? hit.teaser : body, highlight_terms, snippet_bytes);
    return hit;
}

} // namespace fundus::searchd
