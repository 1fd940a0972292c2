// Post: one blog post or practice example as every reader produces it and the indexer stores it.
// A plain value type.
#pragma once

#include <string>
#include <vector>

namespace fundus::index {

struct Region {
    std::string state;        ///< a Land, canonical ("Bayern")
    std::string district;     ///< a Kreis, canonical ("Landkreis Cham"), may be empty
    std::string municipality; ///< a Gemeinde ("Waldmünchen"), may be empty
};

struct Post {
    std::string id;      ///< unique, required
    std::string url;
    std::string title;   ///< required
    std::string teaser;
    std::string body;    ///< plain text; blocks separated by blank lines, headings on their own line
    std::vector<std::string> headings; ///< the body's headings, in order
    std::vector<std::string> authors;
    std::string published; ///< "YYYY-MM-DD", or empty when unknown
    std::string type;      ///< "post" or "praxisbeispiel"
    std::vector<std::string> topics;
    std::vector<std::string> tags;
    Region region;
};

/// Where a record came from, for error messages: "data/posts.jsonl:17".
struct SourceLocation {
    std::string file;
    std::size_t line = 0;
};

/// A problem with one record: "FILE:LINE: FIELD: message". Errors reject the record, warnings
/// (unknown field, unknown district) do not.
struct RecordProblem {
    SourceLocation where;
    std::string field; ///< "id", "region.state", "-" when the record as a whole is bad
    std::string message;
    bool warning = false;

    [[nodiscard]] std::string to_string() const;
};

} // namespace fundus::index
