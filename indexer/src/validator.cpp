#include "fundus/index/validator.h"

#include "fundus/analyzers/folding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>

namespace fundus::index {

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 17> known_fields = {
    "id",     "url",    "title",   "teaser",       "body",     "authors", "author", "published",
    "date",   "type",   "topics",  "tags",         "region",   "updated", "summary", "excerpt",
    "content"};

struct Checker {
    const json& record;
    const SourceLocation& where;
    std::vector<RecordProblem>& problems;
    bool ok = true;

    void error(const std::string& field, const std::string& message) {
        problems.push_back({where, field, message, false});
        ok = false;
    }
    void warn(const std::string& field, const std::string& message) {
        problems.push_back({where, field, message, true});
    }

    /// A string field, or "" when absent or null; an error when present with another type.
    std::string text(const std::string& field) {
        auto it = record.find(field);
        if (it == record.end() || it->is_null())
            return {};
        if (it->is_number())
            return it->dump();
        if (!it->is_string()) {
            error(field, "must be a string, not " + std::string(it->type_name()));
            return {};
        }
        return it->get<std::string>();
    }

    /// A list of strings: a JSON array of strings, or one string.
    std::vector<std::string> list(const std::string& field) {
        std::vector<std::string> out;
        auto it = record.find(field);
        if (it == record.end() || it->is_null())
            return out;
        if (it->is_string()) {
            out.push_back(it->get<std::string>());
        } else if (it->is_array()) {
            for (const auto& v : *it) {
                if (!v.is_string()) {
                    error(field, "must be a list of strings");
                    return {};
                }
                out.push_back(v.get<std::string>());
            }
        } else {
            error(field, "must be a string or a list of strings");
        }
        out.erase(std::remove_if(out.begin(), out.end(), [](const std::string& s) { return s.empty(); }),
                  out.end());
        return out;
    }
};

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n'; });
}

} // namespace

std::optional<Post> PostValidator::validate(const json& record, const SourceLocation& where,
                                            std::vector<RecordProblem>& problems) const {
    if (!record.is_object()) {
        problems.push_back({where, "-", "a record must be a JSON object", false});
        return std::nullopt;
    }
    Checker c{record, where, problems};
    for (const auto& [key, value] : record.items())
        if (std::find(known_fields.begin(), known_fields.end(), key) == known_fields.end())
            c.warn(key.empty() ? std::string("\"\"") : key, "unknown field, ignored");

    Post post;
    post.id = c.text("id");
    if (blank(post.id))
        c.error("id", "missing");
    post.title = c.text("title");
    if (blank(post.title))
        c.error("title", "missing");
    post.url = c.text("url");
    post.teaser = c.text("teaser");
    if (post.teaser.empty())
        post.teaser = c.text(record.contains("summary") ? "summary" : "excerpt");
    std::string body = c.text(record.contains("body") ? "body" : "content");
    post.body = html_to_text(body, &post.headings);
    post.teaser = html_to_text(post.teaser);
    post.authors = c.list(record.contains("authors") ? "authors" : "author");
    post.topics = c.list("topics");
    post.tags = c.list("tags");

    const std::string date_field = record.contains("published") ? "published" : "date";
    const std::string date = c.text(date_field);
    if (!date.empty()) {
        post.published = normalise_date(date);
        if (post.published.empty())
            c.error(date_field, "not a valid date: '" + date + "' (expected YYYY-MM-DD)");
    }

    post.type = c.text("type");
    if (post.type.empty())
        post.type = "post";
    else if (post.type != "post" && post.type != "praxisbeispiel")
        c.error("type", "must be 'post' or 'praxisbeispiel', not '" + post.type + "'");

    if (auto region = record.find("region"); region != record.end() && !region->is_null()) {
        std::string state, district, municipality;
        if (region->is_string()) {
            state = region->get<std::string>();
        } else if (region->is_object()) {
            Checker rc{*region, where, problems};
            state = rc.text("state");
            district = rc.text("district");
            municipality = rc.text("municipality");
            c.ok = c.ok && rc.ok;
        } else {
            c.error("region", "must be an object {state, district, municipality}");
        }
        if (!state.empty()) {
            if (const Land* land = gazetteer_->find_land(state))
                post.region.state = land->name;
            else
                c.error("region.state", "unknown Land '" + state + "'");
        }
        if (!district.empty()) {
            const Kreis* kreis = gazetteer_->find_kreis(district, post.region.state);
            if (kreis == nullptr) {
                c.warn("region.district", "unknown Kreis '" + district + "', kept as given");
                post.region.district = district;
            } else if (!post.region.state.empty() && kreis->land != post.region.state) {
                c.error("region.district", "'" + district + "' is not in " + post.region.state);
            } else {
                post.region.district = kreis->name;
                if (post.region.state.empty())
                    post.region.state = kreis->land;
            }
        }
        post.region.municipality = municipality;
    }
    if (!c.ok)
        return std::nullopt;
    return post;
}

} // namespace fundus::index
