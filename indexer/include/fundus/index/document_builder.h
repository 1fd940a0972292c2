// Post -> Xapian::Document following schema.h. Not thread-safe (owns an analyzer); one per thread.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/post.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace fundus::index {

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
