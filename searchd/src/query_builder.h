// Private: the user's query text -> Xapian queries, analysed exactly like the documents.
// Not thread-safe (uses the caller's analyzer).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "synonyms.h"

#include <xapian.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::searchd {

struct QueryUnit;

struct BuiltQuery {
    Xapian::Query strict;  ///< every content word (or OR group) required
    /// Any content word suffices; ranking does the rest. Stop words only break ties between
    /// documents that have a content word ("Was ist Sepsis?" never finds what has "was" and "ist").
    Xapian::Query relaxed;
    /// Every content word but one, any one (3 to 6 content words; else empty): the first fallback
    /// of a keyword query that no post matches whole, before any single word suffices.
    Xapian::Query all_but_one;
    Xapian::Query exclude; ///< -word / -"phrase" parts, applied with AND_NOT (empty if none)
    bool has_text = false; ///< false: the query is empty or only exclusions -> browse
    std::size_t content_units = 0;
    /// The text is a question: it ends with "?" or starts with an interrogative ("wie", "welche",
    /// "wofür"). A question is natural language; not every word in it carries its meaning.
    bool question = false;
    /// Every word is a stop word ("Wer sind wir?"): then all are required, question or not.
    bool stop_words_only = false;
    std::vector<std::string> highlight_terms; ///< terms whose words the snippet marks
    /// The plain words (folded) of the query, in order, for spelling correction.
    std::vector<std::string> words;
};

/// Query syntax: words; "quoted phrases"; -word and -"phrase" to exclude; a OR b; field:word
/// and field:"phrase" for title, author and tag. Each word is analysed like indexed text, so
/// stems, umlaut spellings, gender forms, compounds and hyphenated forms match; stop words are
/// dropped outside phrases unless the query has nothing else.
class QueryBuilder {
public:
    /// How many documents have a term (the index's term frequency); empty: not known.
    using TermFrequency = std::function<Xapian::doccount(const std::string&)>;

    /// `frequency`, when given, lets a word the word list lacks also match its other -s form
    /// when the index shows that form as the rarer: "Teslas" finds "Tesla" and "Tesla"
    /// "Teslas" (a genitive), while "Lukas" keeps away from "Luka" (see
    /// GermanAnalyzer::unknown_word_s_forms()).
    QueryBuilder(analyzers::GermanAnalyzer& analyzer, const Synonyms* synonyms,
                 TermFrequency frequency = {})
        : analyzer_(analyzer), synonyms_(synonyms), frequency_(std::move(frequency)) {}

    BuiltQuery build(std::string_view text);

private:
    /// Replaces runs of words that form a multi-word synonym ("öffentlicher Nahverkehr") with
    /// the words or any alternative ("ÖPNV").
    void apply_phrase_synonyms(std::vector<QueryUnit>& units) const;

    /// The other -s form of `t`'s word when it should match too (see the constructor), or empty.
    std::string other_s_form(const analyzers::Token& t) const;

    analyzers::GermanAnalyzer& analyzer_;
    const Synonyms* synonyms_;
    TermFrequency frequency_;
};

} // namespace fundus::searchd
