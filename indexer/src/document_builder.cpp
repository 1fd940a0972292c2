#include "fundus/index/document_builder.h"

#include "fundus/hash.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/schema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <unordered_map>

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

// Search-as-you-type terms (schema::suggest_*).
constexpr std::size_t min_suggest_word = 3;     // bytes of the folded word
constexpr std::size_t max_phrase_starts = 12;   // words a phrase can be typed from
constexpr std::size_t max_suggest_term = 240;   // Xapian's limit is 245 bytes

/// `key` cut to schema::suggest_key_bytes on a character boundary.
std::string cut_key(std::string key) {
    if (key.size() <= schema::suggest_key_bytes)
        return key;
    std::size_t cut = schema::suggest_key_bytes;
    while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80)
        --cut;
    key.resize(cut);
    while (!key.empty() && key.back() == ' ')
        key.pop_back();
    return key;
}

/// The term (or, for word suggestions, the metadata key) `prefix + key [\t display]`; empty when
/// the key is too short or the whole too long for a term.
std::string suggestion_text(std::string_view prefix, const std::string& key,
                            std::string_view display) {
    if (key.size() < 2)
        return {};
    std::string term(prefix);
    term += key;
    if (!display.empty()) {
        term += schema::suggest_separator;
        for (char c : display)
            term += c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
    }
    if (term.size() > max_suggest_term)
        return {};
    return term;
}

void add_suggestion(Xapian::Document& doc, std::string_view prefix, const std::string& key,
                    std::string_view display) {
    if (std::string term = suggestion_text(prefix, key, display); !term.empty())
        doc.add_boolean_term(term);
}

/// Each word of an analysed text as written, and a hyphenated run ("E-Government") whole, as
/// schema::suggest_word keys (duplicates removed by the caller).
void add_word_suggestions(std::vector<std::string>& out, std::string_view text,
                          const std::vector<analyzers::Token>& tokens) {
    auto add = [&](std::string_view surface) {
        if (std::string key =
                suggestion_text(schema::suggest_word, cut_key(region_key(surface)), surface);
            !key.empty())
            out.push_back(std::move(key));
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const auto& t = tokens[i];
        if (!t.stopword && t.word.size() >= min_suggest_word && !has_digit(t.word))
            add(text.substr(t.start, t.end - t.start));
        if (t.joined_to_next && (i == 0 || !tokens[i - 1].joined_to_next)) {
            std::size_t last = i;
            while (last + 1 < tokens.size() && tokens[last].joined_to_next)
                ++last;
            const auto surface = text.substr(t.start, tokens[last].end - t.start);
            if (!has_digit(std::string(surface)))
                add(surface);
        }
    }
}

std::string joined_lines(const std::set<std::string>& values) {
    std::string out;
    for (const auto& v : values) {
        if (!out.empty())
            out += '\n';
        out += v;
    }
    return out;
}

/// A topic, tag or place name under each of its words, so "cham" finds "Landkreis Cham".
void add_phrase_suggestions(Xapian::Document& doc, std::string_view prefix, const std::string& phrase) {
    const std::string key = region_key(phrase);
    std::size_t from = 0;
    for (std::size_t n = 0; n < max_phrase_starts && from < key.size(); ++n) {
        add_suggestion(doc, prefix, cut_key(key.substr(from)), phrase);
        const auto space = key.find(' ', from);
        if (space == std::string::npos)
            break;
        from = space + 1;
    }
}

/// The title under its first word and every later word that is not a stop word; the display
/// text is the stored title (titles can be longer than a term may be).
void add_title_suggestions(Xapian::Document& doc, analyzers::GermanAnalyzer& analyzer,
                           const std::string& title) {
    std::size_t n = 0;
    for (const auto& t : analyzer.analyze(title)) {
        if (n > 0 && t.stopword)
            continue;
        add_suggestion(doc, schema::suggest_title, cut_key(region_key(std::string_view(title).substr(t.start))), {});
        if (++n >= max_phrase_starts)
            break;
    }
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
    return hex64(fnv1a64(stored_data));
}

Xapian::Document DocumentBuilder::build(const Post& post, std::vector<std::string>* spelling_words,
                                        std::vector<std::string>* suggest_words) {
    Xapian::Document doc;
    const std::size_t suggest_from = suggest_words != nullptr ? suggest_words->size() : 0;
    Xapian::termpos position = 1;
    RelatedSkips related_skips;

    auto index_text = [&](const std::string& text, Xapian::termcount wdf, std::string_view prefix,
                          bool spelling) {
        const auto tokens = analyzer_.analyze(text, position);
        if (suggest_words != nullptr)
            add_word_suggestions(*suggest_words, text, tokens);
        related_skips.note(tokens);
        for (const auto& t : tokens) {
            doc.add_posting(t.term, t.position, wdf);
            for (const auto& v : t.variants) {
                const bool part = std::find(t.compound_parts.begin(), t.compound_parts.end(), v) !=
                                  t.compound_parts.end();
                if (part) // matched only as a term (OP_SYNONYM), never in a phrase: no position
                    doc.add_term(prefixed(schema::compound_part, v), wdf);
                else
                    doc.add_posting(v, t.position, wdf);
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
    if (suggest_words != nullptr) { // each word once per document: the count is of documents
        const auto first = suggest_words->begin() + static_cast<std::ptrdiff_t>(suggest_from);
        std::sort(first, suggest_words->end());
        suggest_words->erase(std::unique(first, suggest_words->end()), suggest_words->end());
    }
    add_title_suggestions(doc, analyzer_, post.title);
    doc.add_value(schema::slot_stop_terms, joined_lines(related_skips.terms()));
    for (const auto& topic : post.topics)
        add_phrase_suggestions(doc, schema::suggest_topic, topic);
    for (const auto& tag : post.tags)
        add_phrase_suggestions(doc, schema::suggest_tag, tag);
    for (const auto& place : {post.region.state, post.region.district, post.region.municipality})
        if (!place.empty())
            add_phrase_suggestions(doc, schema::suggest_region, place);

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

void RelatedSkips::note(const std::vector<analyzers::Token>& tokens) {
    for (const auto& t : tokens) {
        if (t.stopword) {
            stop_terms_.insert(t.term);
            stop_terms_.insert(t.variants.begin(), t.variants.end());
            continue;
        }
        if (!t.infinitive.empty())
            infinitives_.insert(t.infinitive);
        direct_.insert(t.term);
        for (const auto& v : t.variants)
            if (v != t.infinitive)
                direct_.insert(v);
    }
}

std::set<std::string> RelatedSkips::terms() const {
    std::set<std::string> out = stop_terms_;
    for (const auto& t : infinitives_)
        if (!direct_.contains(t))
            out.insert(t);
    return out;
}

void add_word_counts(Xapian::WritableDatabase& db,
                     std::vector<std::pair<std::string, std::int64_t>> deltas) {
    if (!std::is_sorted(deltas.begin(), deltas.end())) // WordChanges::apply() gives them sorted
        std::sort(deltas.begin(), deltas.end());
    for (const auto& [key, delta] : deltas) {
        if (delta == 0)
            continue;
        const auto have = static_cast<std::int64_t>(schema::suggest_count(db.get_metadata(key)));
        const std::int64_t count = have + delta;
        db.set_metadata(key, count > 0 ? std::to_string(count) : std::string());
    }
}

void count_word_suggestions(Xapian::WritableDatabase& db, const std::vector<std::string>& keys) {
    std::unordered_map<std::string, std::int64_t> counts;
    for (const auto& key : keys)
        ++counts[key];
    add_word_counts(db, {counts.begin(), counts.end()});
}

} // namespace fundus::index
