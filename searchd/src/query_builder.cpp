#include "query_builder.h"

#include "fundus/index/schema.h"

#include <algorithm>
#include <cctype>

namespace fundus::searchd {

namespace {

using analyzers::Token;

constexpr Xapian::termcount compound_part_window = 10;
namespace schema = index::schema;

/// One piece of the query text before analysis.
struct Element {
    std::string text;
    std::string prefix; ///< term prefix for title:, author:, tag:
    bool phrase = false;
    bool negated = false;
    bool or_with_previous = false;
};

std::string field_prefix(std::string_view field) {
    std::string lower(field);
    for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "title" || lower == "titel")
        return std::string(schema::title);
    if (lower == "author" || lower == "autor")
        return std::string(schema::author);
    if (lower == "tag")
        return std::string(schema::tag);
    return {};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<Element> lex(std::string_view text) {
    std::vector<Element> elements;
    bool pending_or = false;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i]))
            ++i;
        if (i >= text.size())
            break;
        Element e;
        if (text[i] == '-' && i + 1 < text.size() && !is_space(text[i + 1])) {
            e.negated = true;
            ++i;
        } else if (text[i] == '+' && i + 1 < text.size() && !is_space(text[i + 1])) {
            ++i;
        }
        // field:word or field:"phrase"
        const auto colon = text.find(':', i);
        if (colon != std::string_view::npos && colon > i && colon + 1 < text.size() &&
            !is_space(text[colon + 1])) {
            const std::string_view field = text.substr(i, colon - i);
            if (field.find_first_of(" \t\"") == std::string_view::npos) {
                const std::string prefix = field_prefix(field);
                if (!prefix.empty()) {
                    e.prefix = prefix;
                    i = colon + 1;
                }
            }
        }
        if (i < text.size() && text[i] == '"') {
            const auto close = text.find('"', i + 1);
            const std::size_t end = close == std::string_view::npos ? text.size() : close;
            e.text = std::string(text.substr(i + 1, end - i - 1));
            e.phrase = true;
            i = close == std::string_view::npos ? text.size() : close + 1;
        } else {
            const std::size_t start = i;
            while (i < text.size() && !is_space(text[i]))
                ++i;
            e.text = std::string(text.substr(start, i - start));
            if (e.text == "OR" && !e.negated && e.prefix.empty()) {
                pending_or = !elements.empty();
                continue;
            }
        }
        e.or_with_previous = pending_or;
        pending_or = false;
        elements.push_back(std::move(e));
    }
    return elements;
}

std::string with_prefix(const std::string& prefix, const std::string& term) { return prefix + term; }

Xapian::Query phrase_of(const std::vector<std::string>& terms, const std::string& prefix) {
    if (terms.size() == 1)
        return Xapian::Query(with_prefix(prefix, terms[0]));
    std::vector<Xapian::Query> parts;
    for (const auto& t : terms)
        parts.emplace_back(with_prefix(prefix, t));
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(parts.size()));
}

} // namespace

BuiltQuery QueryBuilder::build(std::string_view text) {
    BuiltQuery out;
    std::vector<Xapian::Query> units;     // content units, each one word, phrase or OR group
    std::vector<Xapian::Query> stop_units; // units made only of stop words
    std::vector<Xapian::Query> excluded;

    auto remember_highlight = [&](const Token& t) {
        out.highlight_terms.push_back(t.term);
        for (const auto& v : t.variants)
            out.highlight_terms.push_back(v);
    };

    // The query for one analysed word: the term, its gender and synonym alternatives as one
    // synonym group, and for a compound also its parts (so the parts written apart match too).
    auto word_query = [&](const Token& t, const std::string& prefix) {
        std::vector<Xapian::Query> alternatives{Xapian::Query(with_prefix(prefix, t.term))};
        for (const auto& v : t.variants)
            if (std::find(t.compound_parts.begin(), t.compound_parts.end(), v) == t.compound_parts.end())
                alternatives.emplace_back(with_prefix(prefix, v));
        if (synonyms_ != nullptr && prefix.empty())
            for (const auto& alt : synonyms_->alternatives(t.term))
                alternatives.push_back(phrase_of(alt, prefix));
        Xapian::Query core = alternatives.size() == 1
                                 ? alternatives[0]
                                 : Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(),
                                                 alternatives.end());
        if (t.compound_parts.size() < 2)
            return core;
        std::vector<Xapian::Query> parts;
        for (const auto& p : t.compound_parts)
            parts.emplace_back(with_prefix(prefix, p));
        // The parts written apart count when they stand close together ("eine Strategie für
        // die Digitalisierung"); a document with the compound itself matches both ways.
        return Xapian::Query(Xapian::Query::OP_OR, core,
                             Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(),
                                           compound_part_window));
    };

    for (const Element& e : lex(text)) {
        const std::vector<Token> tokens = analyzer_.analyze(e.text);
        if (tokens.empty())
            continue;
        std::vector<Xapian::Query> element_units;
        bool only_stopwords = true;
        if (e.phrase) {
            std::vector<std::string> terms;
            for (const auto& t : tokens) {
                terms.push_back(t.term);
                if (!e.negated)
                    remember_highlight(t);
            }
            element_units.push_back(phrase_of(terms, e.prefix));
            only_stopwords = false;
        } else {
            // Hyphenated runs ("E-Government") become a phrase of the parts or the joined form.
            for (std::size_t first = 0; first < tokens.size();) {
                std::size_t last = first;
                while (last + 1 < tokens.size() && tokens[last].joined_to_next)
                    ++last;
                if (last == first) {
                    const Token& t = tokens[first];
                    if (!e.negated) {
                        remember_highlight(t);
                        if (e.prefix.empty())
                            out.words.push_back(t.word);
                    }
                    if (t.stopword && e.prefix.empty()) {
                        stop_units.push_back(word_query(t, e.prefix));
                    } else {
                        element_units.push_back(word_query(t, e.prefix));
                        only_stopwords = false;
                    }
                } else {
                    std::vector<std::string> terms;
                    std::string joined;
                    for (std::size_t i = first; i <= last; ++i) {
                        terms.push_back(tokens[i].term);
                        joined += tokens[i].word;
                        if (!e.negated)
                            remember_highlight(tokens[i]);
                    }
                    const std::string joined_term = analyzer_.term(joined);
                    if (!e.negated)
                        out.highlight_terms.push_back(joined_term);
                    element_units.emplace_back(Xapian::Query::OP_OR, phrase_of(terms, e.prefix),
                                               Xapian::Query(with_prefix(e.prefix, joined_term)));
                    only_stopwords = false;
                }
                first = last + 1;
            }
        }
        if (element_units.empty() || only_stopwords)
            continue;
        Xapian::Query unit = element_units.size() == 1
                                 ? element_units[0]
                                 : Xapian::Query(Xapian::Query::OP_AND, element_units.begin(),
                                                 element_units.end());
        if (e.negated) {
            excluded.push_back(unit);
        } else if (e.or_with_previous && !units.empty()) {
            units.back() = Xapian::Query(Xapian::Query::OP_OR, units.back(), unit);
        } else {
            units.push_back(unit);
        }
    }
    if (units.empty())
        units = stop_units; // a query of stop words only: search them after all
    out.content_units = units.size();
    out.has_text = !units.empty();
    if (out.has_text) {
        out.strict = Xapian::Query(Xapian::Query::OP_AND, units.begin(), units.end());
        out.relaxed = Xapian::Query(Xapian::Query::OP_OR, units.begin(), units.end());
    }
    if (!excluded.empty())
        out.exclude = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    std::sort(out.highlight_terms.begin(), out.highlight_terms.end());
    out.highlight_terms.erase(std::unique(out.highlight_terms.begin(), out.highlight_terms.end()),
                              out.highlight_terms.end());
    return out;
}

} // namespace fundus::searchd
