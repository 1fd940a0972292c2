#include "fundus/index/document_builder.h"

#include "fundus/index/schema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace fundus::index {

namespace {

constexpr std::size_t min_spelling_word = 4;

bool has_digit(const std::string& s) {
    for (char c : s)
        if (c >= '0' && c <= '9')
            return true;
    return false;
}

std::string prefixed(std::string_view prefix, const std::string& term) {
    std::string out(prefix);
    out += term;
    return out;
}

} // namespace

DocumentBuilder::DocumentBuilder(analyzers::GermanAnalyzer analyzer) : analyzer_(std::move(analyzer)) {}

std::string DocumentBuilder::stored_data(const Post& post) {
    nlohmann::json j = {
        {"id", post.id},           {"url", post.url},
        {"title", post.title},     {"teaser", post.teaser},
        {"body", post.body},       {"headings", post.headings},
        {"authors", post.authors}, {"published", post.published},
        {"type", post.type},       {"topics", post.topics},
        {"tags", post.tags},
        {"region",
         {{"state", post.region.state},
          {"district", post.region.district},
          {"municipality", post.region.municipality}}}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DocumentBuilder::content_hash(const std::string& stored_data) {
    std::uint64_t h = 1469598103934665603ULL; // FNV-1a 64
    for (unsigned char c : stored_data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Xapian::Document DocumentBuilder::build(const Post& post, std::vector<std::string>* spelling_words) {
    Xapian::Document doc;
    Xapian::termpos position = 1;

    auto index_text = [&](const std::string& text, Xapian::termcount wdf, std::string_view prefix,
                          bool spelling) {
        const auto tokens = analyzer_.analyze(text, position);
        for (const auto& t : tokens) {
            doc.add_posting(t.term, t.position, wdf);
            for (const auto& v : t.variants) {
                const bool part = std::find(t.compound_parts.begin(), t.compound_parts.end(), v) !=
                                  t.compound_parts.end();
                doc.add_posting(part ? prefixed(schema::compound_part, v) : v, t.position, wdf);
                if (!prefix.empty() && !part)
                    doc.add_posting(prefixed(prefix, v), t.position);
            }
            if (!prefix.empty())
                doc.add_posting(prefixed(prefix, t.term), t.position);
            if (spelling && spelling_words != nullptr && !t.stopword &&
                t.word.size() >= min_spelling_word && !has_digit(t.word))
                spelling_words->push_back(t.word);
            position = t.position + 1;
        }
        position += schema::field_position_gap;
    };

    index_text(post.title, schema::weight_title, schema::title, true);
    index_text(post.teaser, schema::weight_teaser, {}, true);
    for (const auto& heading : post.headings)
        index_text(heading, schema::weight_heading - schema::weight_body, {}, false);
    index_text(post.body, schema::weight_body, {}, true);
    for (const auto& tag : post.tags)
        index_text(tag, schema::weight_tag, schema::tag, true);
    for (const auto& topic : post.topics)
        index_text(topic, schema::weight_body, {}, false);
    for (const auto& place : {post.region.municipality, post.region.district, post.region.state})
        if (!place.empty())
            index_text(place, schema::weight_body, {}, false);
    for (const auto& author : post.authors)
        for (const auto& t : analyzer_.analyze(author))
            doc.add_term(prefixed(schema::author, t.term));

    doc.add_boolean_term(prefixed(schema::id, post.id));
    doc.add_boolean_term(std::string(schema::all_documents));
    doc.add_boolean_term(prefixed(schema::type, schema::boolean_key(post.type)));
    for (const auto& topic : post.topics)
        doc.add_boolean_term(prefixed(schema::topic, schema::boolean_key(topic)));
    if (!post.region.state.empty())
        doc.add_boolean_term(prefixed(schema::state, schema::boolean_key(post.region.state)));
    if (!post.region.district.empty())
        doc.add_boolean_term(prefixed(schema::district, schema::boolean_key(post.region.district)));
    if (!post.region.municipality.empty())
        doc.add_boolean_term(
            prefixed(schema::municipality, schema::boolean_key(post.region.municipality)));

    if (!post.published.empty()) {
        doc.add_value(schema::slot_date, post.published);
        doc.add_value(schema::slot_year, post.published.substr(0, 4));
        doc.add_boolean_term(prefixed(schema::year, post.published.substr(0, 4)));
    }
    doc.add_value(schema::slot_type, post.type);
    doc.add_value(schema::slot_state, post.region.state);
    doc.add_value(schema::slot_district, post.region.district);
    doc.add_value(schema::slot_municipality, post.region.municipality);
    std::string topics;
    for (const auto& topic : post.topics) {
        if (!topics.empty())
            topics += schema::multi_value_separator;
        topics += topic;
    }
    doc.add_value(schema::slot_topics, topics);

    std::string data = stored_data(post);
    doc.add_value(schema::slot_hash, content_hash(data));
    doc.set_data(data);
    return doc;
}

} // namespace fundus::index
