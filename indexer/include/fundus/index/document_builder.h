// Post -> Xapian::Document following schema.h. Not thread-safe (owns an analyzer); one per thread.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/post.h"

#include <xapian.h>

#include <cstdint>
#include <set>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fundus::index {

/// What related posts leave out of a document's terms (schema::slot_stop_terms): the terms of
/// its stop words, and the infinitives of its verb forms unless it has the term otherwise too.
class RelatedSkips {
public:
    /// Notes the tokens of one text of the document.
    void note(const std::vector<analyzers::Token>& tokens);
    [[nodiscard]] std::set<std::string> terms() const;

private:
    std::set<std::string> stop_terms_;
    std::set<std::string> infinitives_;
    std::unordered_set<std::string> direct_;
};

class DocumentBuilder {
public:
    explicit DocumentBuilder(analyzers::GermanAnalyzer analyzer);

    /// The document for `post`: weighted, positional terms for title, teaser, headings, body and
    /// tags; prefixed terms for title:, author:, tag:; boolean filter terms; value slots;
    /// the stored JSON. `spelling_words` receives the words worth offering as corrections (each
    /// occurrence); `suggest_words` the document's search-as-you-type words as schema::suggest_word
    /// metadata keys, each once (appended, sorted). The caller counts both over the database.
    Xapian::Document build(const Post& post, std::vector<std::string>* spelling_words = nullptr,
                           std::vector<std::string>* suggest_words = nullptr);

    /// The stored-data JSON of `post` (see schema.h).
    static std::string stored_data(const Post& post);
    /// A stable hash of the post's content, for incremental updates.
    static std::string content_hash(const std::string& stored_data);

private:
    analyzers::GermanAnalyzer analyzer_;
};

/// Adds each delta to the document count of its schema::suggest_word key in `db` (in key order,
/// which Xapian's B-tree takes fastest); a count that reaches 0 removes its entry.
void add_word_counts(Xapian::WritableDatabase& db,
                     std::vector<std::pair<std::string, std::int64_t>> deltas);

/// Counts the word-suggestion keys that DocumentBuilder::build gave for the documents added to
/// `db` (each document's keys once). A program that writes documents itself calls it before
/// committing, or search-as-you-type offers no words from them.
void count_word_suggestions(Xapian::WritableDatabase& db, const std::vector<std::string>& keys);

} // namespace fundus::index
