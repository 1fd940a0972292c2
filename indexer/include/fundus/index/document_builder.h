// Post -> Xapian::Document following schema.h. Not thread-safe (owns an analyzer); one per thread.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/post.h"

#include <xapian.h>

#include <set>
#include <string>
#include <unordered_set>
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
    /// the stored JSON. `spelling_words` receives the words worth offering as corrections.
    Xapian::Document build(const Post& post, std::vector<std::string>* spelling_words = nullptr);

    /// The stored-data JSON of `post` (see schema.h).
    static std::string stored_data(const Post& post);
    /// A stable hash of the post's content, for incremental updates.
    static std::string content_hash(const std::string& stored_data);

private:
    analyzers::GermanAnalyzer analyzer_;
};

} // namespace fundus::index
