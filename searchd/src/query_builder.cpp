#include "query_builder.h"

#include "fundus/analyzers/folding.h"
#include "fundus/index/schema.h"
#include "fundus/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace fundus::searchd {

namespace {

using analyzers::Token;

constexpr Xapian::termcount compound_part_window = 10;
/// Stop words scale to this in any-word queries: enough to order posts the content words rank
/// alike, too little to reorder any others.
constexpr double stop_word_tiebreak = 0.01;
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

/// "Privatpersonen und -organisationen", "Kreisstraßen, -wege und -brücken": after a conjunction
/// or a comma, a hyphen before a lower-case word is the German suspension hyphen
/// (Ergänzungsstrich), which stands for the first part of the previous word: the word is searched,
/// not excluded.
bool suspension_hyphen(std::string_view previous, std::string_view text, std::size_t hyphen) {
    if (hyphen + 1 >= text.size())
        return false;
    const char next = text[hyphen + 1];
    const std::string_view rest = text.substr(hyphen + 1);
    const bool lower = (next >= 'a' && next <= 'z') || rest.starts_with("ä") ||
                       rest.starts_with("ö") || rest.starts_with("ü");
    if (!lower)
        return false;
    std::string word(previous);
    for (char& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return word.ends_with(',') || word == "und" || word == "oder" || word == "sowie" ||
           word == "bzw." || word == "bzw" || word == "beziehungsweise";
}

/// German interrogatives as spelling keys: a query that starts with one is a question.
constexpr std::array<std::string_view, 35> interrogatives = {
    "wer",     "wen",     "wem",     "wessen",   "was",      "wann",  "wo",
    "woher",   "wohin",   "warum",   "weshalb",  "weswegen", "wieso", "wie",
    "welche",  "welcher", "welches", "welchem",  "welchen",  "wozu",  "womit",
    "wodurch", "wofuer",  "worauf",  "worueber", "wovon",    "woran", "worin",
    "worum",   "wogegen", "wonach",  "woraus",   "wobei",    "wovor", "inwiefern"};

/// `first_word`: the query's first plain word, case folded ("wofür").
bool is_question(std::string_view text, std::string_view first_word) {
    const std::string trimmed = trim(text);
    return trimmed.ends_with('?') || trimmed.ends_with("\xEF\xBC\x9F") || // "？", full width
           std::find(interrogatives.begin(), interrogatives.end(),
                     analyzers::spelling_key(first_word)) != interrogatives.end();
}

std::vector<Element> lex(std::string_view text) {
    std::vector<Element> elements;
    bool pending_or = false;
    std::string_view previous; // the previous run of non-space characters
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_ascii_space(text[i]))
            ++i;
        if (i >= text.size())
            break;
        const std::size_t chunk_start = i;
        Element e;
        if (text[i] == '-' && suspension_hyphen(previous, text, i)) {
            ++i; // a word like any other
        } else if (text[i] == '-' && i + 1 < text.size() && !is_ascii_space(text[i + 1])) {
            e.negated = true;
            ++i;
        } else if (text[i] == '+' && i + 1 < text.size() && !is_ascii_space(text[i + 1])) {
            ++i;
        }
        // field:word or field:"phrase"
        const auto colon = text.find(':', i);
        if (colon != std::string_view::npos && colon > i && colon + 1 < text.size() &&
            !is_ascii_space(text[colon + 1])) {
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
            while (i < text.size() && !is_ascii_space(text[i]))
                ++i;
            e.text = std::string(text.substr(start, i - start));
            previous = text.substr(chunk_start, i - chunk_start);
            if (e.text == "OR" && !e.negated && e.prefix.empty()) {
                pending_or = !elements.empty();
                continue;
            }
        }
        previous = text.substr(chunk_start, i - chunk_start);
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

/// A content unit of the query before the units are combined.
struct QueryUnit {
    Xapian::Query query;
    bool stopword = false;
    /// Set for a single plain word (no field, no phrase, not hyphenated): may join its neighbour
    /// ("E Government" = EGovernment) or form a multi-word synonym ("öffentlicher Nahverkehr").
    std::optional<Token> word;
};

namespace {

/// Weight of the parts of a query compound found apart (close together, or all of a hyphenated
/// word anywhere), relative to the compound itself.
constexpr double compound_part_weight = 0.6;
/// Queries up to this many words also try adjacent words written together.
constexpr std::size_t max_units_for_joining = 4;
/// Content words up to which a query gets BuiltQuery::all_but_one (one AND per word left out).
constexpr std::size_t max_units_for_most = 6;

} // namespace

std::string QueryBuilder::other_s_form(const analyzers::Token& t) const {
    if (!frequency_ || t.stopword)
        return {};
    const auto forms = analyzer_.unknown_word_s_forms(t.word);
    if (forms.with_s.empty() || forms.with_s == forms.without_s)
        return {};
    const Xapian::doccount with_s = frequency_(forms.with_s);
    const Xapian::doccount without_s = frequency_(forms.without_s);
    // A genitive is rarer than the name it belongs to; a name in -s is the commoner form.
    if (without_s <= with_s)
        return {};
    if (t.term == forms.with_s)
        return forms.without_s;
    return with_s > 0 ? forms.with_s : std::string();
}

BuiltQuery QueryBuilder::build(std::string_view text) {
    BuiltQuery out;
    std::vector<QueryUnit> units;
    std::vector<Xapian::Query> excluded;

    auto remember_highlight = [&](const Token& t) {
        out.highlight_terms.push_back(t.term);
        for (const auto& v : t.variants)
            out.highlight_terms.push_back(v);
    };

    // One analysed word: the word, its gender and synonym alternatives, and the same words inside
    // other compounds ("Strategie" in "Breitbandstrategie") as one synonym group, so that they
    // share one document frequency (a word that is rare on its own but common inside compounds
    // must not outweigh the others); for a compound, its parts close together.
    auto word_query = [&](const Token& t, const std::string& prefix) {
        std::vector<std::string> terms{t.term};
        for (const auto& v : t.variants)
            if (std::find(t.compound_parts.begin(), t.compound_parts.end(), v) == t.compound_parts.end())
                terms.push_back(v);
        if (prefix.empty())
            if (std::string other = other_s_form(t);
                !other.empty() && std::find(terms.begin(), terms.end(), other) == terms.end()) {
                out.highlight_terms.push_back(other); // (a negated word's: in no result)
                terms.push_back(std::move(other));
            }
        std::vector<Xapian::Query> alternatives;
        for (const auto& term : terms)
            alternatives.emplace_back(with_prefix(prefix, term));
        if (synonyms_ != nullptr && prefix.empty())
            for (const auto& alt : synonyms_->alternatives(t.term))
                alternatives.push_back(phrase_of(alt, prefix));
        if (prefix.empty())
            for (const auto& term : terms)
                alternatives.emplace_back(with_prefix(std::string(schema::compound_part), term));
        Xapian::Query query = alternatives.size() == 1
                                  ? alternatives[0]
                                  : Xapian::Query(Xapian::Query::OP_SYNONYM, alternatives.begin(),
                                                  alternatives.end());
        if (t.compound_parts.size() < 2)
            return query;
        // The parts written apart count when they stand close together ("eine Strategie für
        // die Digitalisierung"); a document with the compound itself matches the word.
        std::vector<Xapian::Query> parts;
        for (const auto& p : t.compound_parts)
            parts.emplace_back(with_prefix(prefix, p));
        return Xapian::Query(Xapian::Query::OP_OR, query,
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                           Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(),
                                                         compound_part_window),
                                           compound_part_weight));
    };

    // A hyphenated run ("E-Government", "CPI-Maßstab"): the phrase, the joined word, and at a
    // lower weight all parts anywhere.
    auto hyphen_query = [&](const std::vector<Token>& tokens, std::size_t first, std::size_t last,
                            const std::string& prefix, bool negated) {
        std::vector<std::string> terms;
        std::vector<Xapian::Query> parts;
        std::string joined;
        for (std::size_t i = first; i <= last; ++i) {
            terms.push_back(tokens[i].term);
            joined += tokens[i].word;
            if (!negated)
                remember_highlight(tokens[i]);
            if (!tokens[i].stopword)
                parts.push_back(word_query(tokens[i], prefix));
        }
        const std::string joined_term = analyzer_.term(joined);
        if (!negated)
            out.highlight_terms.push_back(joined_term);
        // The alternatives match the same words of a text (the index gives a hyphenated run's
        // head the joined term too), so the best of them counts, not their sum: otherwise one
        // hyphenated word outweighs two plain ones.
        Xapian::Query exact(Xapian::Query::OP_MAX, phrase_of(terms, prefix),
                            Xapian::Query(with_prefix(prefix, joined_term)));
        if (negated || parts.empty())
            return exact;
        return Xapian::Query(
            Xapian::Query::OP_MAX, exact,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                          Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()),
                          compound_part_weight));
    };

    std::optional<std::size_t> previous_unit;
    for (const Element& e : lex(text)) {
        const std::vector<Token> tokens = analyzer_.analyze(e.text);
        if (tokens.empty())
            continue;
        std::vector<QueryUnit> element_units;
        if (e.phrase) {
            std::vector<std::string> terms;
            for (const auto& t : tokens) {
                terms.push_back(t.term);
                if (!e.negated)
                    remember_highlight(t);
            }
            element_units.push_back({phrase_of(terms, e.prefix), false, std::nullopt});
        } else {
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
                    const bool stop = t.stopword && e.prefix.empty();
                    QueryUnit unit{word_query(t, e.prefix), stop, std::nullopt};
                    if (e.prefix.empty() && !e.negated)
                        unit.word = t;
                    element_units.push_back(std::move(unit));
                } else {
                    element_units.push_back({hyphen_query(tokens, first, last, e.prefix, e.negated), false,
                                             std::nullopt});
                }
                first = last + 1;
            }
        }
        if (e.negated) {
            std::vector<Xapian::Query> parts;
            for (const auto& u : element_units)
                if (!u.stopword)
                    parts.push_back(u.query);
            if (!parts.empty())
                excluded.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
            continue;
        }
        if (e.or_with_previous && previous_unit && element_units.size() == 1) {
            QueryUnit& prev = units[*previous_unit];
            prev.query = Xapian::Query(Xapian::Query::OP_OR, prev.query, element_units[0].query);
            prev.stopword = false;
            prev.word.reset();
            continue;
        }
        for (auto& u : element_units) {
            units.push_back(std::move(u));
            previous_unit = units.size() - 1;
        }
    }

    apply_phrase_synonyms(units);
    std::vector<Xapian::Query> content, stops;
    for (const auto& u : units)
        (u.stopword ? stops : content).push_back(u.query);
    const bool only_stop_words = content.empty();
    out.stop_words_only = only_stop_words && !stops.empty();
    if (only_stop_words)
        content = stops; // a query of stop words only: search them after all
    out.content_units = content.size();
    out.has_text = !content.empty();
    if (out.has_text) {
        out.strict = Xapian::Query(Xapian::Query::OP_AND, content.begin(), content.end());
        // Adjacent words may be one word in the text: "E Government" = EGovernment.
        std::vector<Xapian::Query> joined_alternatives;
        std::vector<const QueryUnit*> plain;
        for (const auto& u : units)
            if (!u.stopword)
                plain.push_back(&u);
        if (plain.size() <= max_units_for_joining) {
            for (std::size_t i = 0; i + 1 < plain.size(); ++i) {
                if (!plain[i]->word || !plain[i + 1]->word)
                    continue;
                const std::string joined = analyzer_.term(plain[i]->word->word + plain[i + 1]->word->word);
                std::vector<Xapian::Query> parts;
                for (std::size_t j = 0; j < plain.size(); ++j)
                    if (j == i)
                        parts.emplace_back(joined);
                    else if (j != i + 1)
                        parts.push_back(plain[j]->query);
                joined_alternatives.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
                out.highlight_terms.push_back(joined);
            }
        }
        for (const auto& alt : joined_alternatives)
            out.strict = Xapian::Query(Xapian::Query::OP_OR, out.strict, alt);
        // Any word suffices. Stop words find nothing on their own and only break ties between
        // posts that the content words rank alike: with their own BM25 weight, a rare function
        // word of a small blog ("aufs") or one in a title (weighted 5×: "Was ein Barcamp …")
        // outranked the post that answers "Wie kommt Glasfaser aufs Dorf?" (docs/relevance.md).
        // A query of stop words only ("Wer sind wir?") stays an all-words match.
        out.relaxed = Xapian::Query(Xapian::Query::OP_OR, content.begin(), content.end());
        // All content words but one, for a short keyword query that nothing matches whole.
        if (!only_stop_words && content.size() >= 3 && content.size() <= max_units_for_most) {
            std::vector<Xapian::Query> all_but_one;
            for (std::size_t left_out = 0; left_out < content.size(); ++left_out) {
                std::vector<Xapian::Query> rest;
                for (std::size_t i = 0; i < content.size(); ++i)
                    if (i != left_out)
                        rest.push_back(content[i]);
                all_but_one.emplace_back(Xapian::Query::OP_AND, rest.begin(), rest.end());
            }
            out.all_but_one =
                Xapian::Query(Xapian::Query::OP_OR, all_but_one.begin(), all_but_one.end());
        }
        if (only_stop_words)
            out.relaxed = out.strict;
        else if (!stops.empty())
            out.relaxed = Xapian::Query(
                Xapian::Query::OP_AND_MAYBE, out.relaxed,
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_OR, stops.begin(), stops.end()),
                              stop_word_tiebreak));
    }
    out.question = is_question(text, out.words.empty() ? std::string_view() : out.words.front());
    if (!excluded.empty())
        out.exclude = Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end());
    std::sort(out.highlight_terms.begin(), out.highlight_terms.end());
    out.highlight_terms.erase(std::unique(out.highlight_terms.begin(), out.highlight_terms.end()),
                              out.highlight_terms.end());
    return out;
}

void QueryBuilder::apply_phrase_synonyms(std::vector<QueryUnit>& units) const {
    if (synonyms_ == nullptr)
        return;
    for (std::size_t i = 0; i < units.size(); ++i) {
        for (std::size_t n = 3; n >= 2; --n) {
            if (i + n > units.size())
                continue;
            std::string key;
            bool plain = true;
            for (std::size_t j = i; j < i + n && plain; ++j) {
                plain = units[j].word.has_value();
                if (plain)
                    key += (key.empty() ? "" : " ") + units[j].word->term;
            }
            if (!plain)
                continue;
            const auto& alternatives = synonyms_->phrase_alternatives(key);
            if (alternatives.empty())
                continue;
            std::vector<Xapian::Query> words;
            for (std::size_t j = i; j < i + n; ++j)
                if (!units[j].stopword)
                    words.push_back(units[j].query);
            std::string joined; // the words written together: "E Government" = EGovernment
            for (std::size_t j = i; j < i + n; ++j)
                joined += units[j].word->word;
            std::vector<Xapian::Query> options{
                Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()),
                Xapian::Query(analyzer_.term(joined))};
            for (const auto& alt : alternatives)
                options.push_back(phrase_of(alt, ""));
            QueryUnit merged{Xapian::Query(Xapian::Query::OP_OR, options.begin(), options.end()), false, std::nullopt};
            units.erase(units.begin() + static_cast<std::ptrdiff_t>(i),
                        units.begin() + static_cast<std::ptrdiff_t>(i + n));
            units.insert(units.begin() + static_cast<std::ptrdiff_t>(i), std::move(merged));
            break;
        }
    }
}

} // namespace fundus::searchd
