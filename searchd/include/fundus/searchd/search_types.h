// The search service's request and result types: plain values, no behaviour. The JSON field names
// of the HTTP API are the member names here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fundus::searchd {

enum class SortOrder { relevance, date };

struct SearchRequest {
    std::string q;                       ///< may be empty: browse everything that matches
    std::vector<std::string> topics;     ///< OR within, AND across facets
    std::vector<std::string> regions;    ///< Länder, canonical names
    std::vector<std::string> districts;  ///< Kreise, canonical names
    std::vector<std::string> types;      ///< post | praxisbeispiel
    std::vector<std::string> years;      ///< "2021"
    std::string from;                    ///< "YYYY-MM-DD" inclusive, or empty
    std::string to;                      ///< "YYYY-MM-DD" inclusive, or empty
    std::optional<SortOrder> sort;       ///< default: relevance with a query, date without
    unsigned page = 1;                   ///< 1-based
    unsigned size = 10;                  ///< 1..100
    bool facets = true;                  ///< compute facet counts
    bool spelling = true;                ///< did-you-mean and automatic correction
};

struct Region {
    std::string state;
    std::string district;
    std::string municipality;
};

struct Hit {
    std::string id;
    std::string url;
    std::string title;
    std::string teaser;
    std::string snippet; ///< HTML-escaped text with <mark> around matched words
    std::string published;
    std::string type;
    Region region;
    std::vector<std::string> topics;
    std::vector<std::string> tags;
    std::vector<std::string> authors;
    double score = 0;
};

struct FacetValue {
    std::string value;
    std::size_t count = 0;
    bool selected = false;
};

struct Facets {
    std::vector<FacetValue> topic;
    std::vector<FacetValue> region;
    std::vector<FacetValue> district; ///< the Kreise of the chosen Land(s); empty without one
    std::vector<FacetValue> type;
    std::vector<FacetValue> year;
};

/// A filter the service recognised in the query text ("Glasfaser Cham" -> district).
struct SuggestedFilter {
    std::string parameter; ///< "district" or "region"
    std::string value;     ///< canonical name
    std::string matched;   ///< the query words it was recognised from
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;
    bool counts_exact = true; ///< total_exact and facets_exact
    bool total_exact = true;  ///< total counted, not estimated (exact_count_limit)
    /// Facet counts counted over every match, not scaled from the first exact_count_limit ones.
    bool facets_exact = true;
    unsigned page = 1;
    unsigned size = 10;
    double took_ms = 0;
    std::string matched = "all"; ///< "all" query words required, or "any" (relaxed)
    /// Any-word matching because no post had all the words (the fallback of a short keyword
    /// query), as opposed to a question or long query ranked by any word from the start.
    bool relaxed = false;
    std::vector<Hit> hits;
    Facets facets;
    std::optional<std::string> did_you_mean;
    bool corrected = false;          ///< hits are for did_you_mean, the query found nothing
    std::string corrected_query;     ///< set when corrected
    std::vector<SuggestedFilter> suggested_filters;
    unsigned generation = 0;
    std::vector<std::string> failed_shards; ///< shards left out (shard-failure = partial)
};

/// GET /api/related/{id}: the posts most like one post.
struct RelatedRequest {
    std::string id;                  ///< the post's id
    unsigned size = 5;               ///< 1..50
    std::vector<std::string> types;  ///< only these types (post | praxisbeispiel); empty: any
};

struct RelatedResult {
    std::string id;
    std::vector<Hit> hits; ///< never the post itself; snippet = the start of the teaser or body
    double took_ms = 0;
    unsigned generation = 0;
    std::vector<std::string> failed_shards; ///< shards left out (shard-failure = partial)
};

/// GET /api/suggest: completions of what a reader is typing.
struct SuggestRequest {
    std::string q;     ///< the text typed so far; fewer than 2 characters get no suggestions
    unsigned size = 8; ///< 1..20
};

struct Suggestion {
    std::string text; ///< a word (completes the last word) or a whole title, topic, tag, region
    std::string kind; ///< "word", "title", "topic", "tag", "region", or "query" (searched by readers)
};

struct SuggestResult {
    std::string query;
    std::vector<Suggestion> suggestions; ///< best first
    std::vector<std::string> failed_shards; ///< shards left out (shard-failure = partial)
};

/// A bad request, as the HTTP layer reports it: {"error": {code, message, parameter}}.
struct ApiError {
    int status = 400;
    std::string code;      ///< "invalid_parameter", "not_found", ...
    std::string message;
    std::string parameter; ///< the offending parameter, or empty
};

} // namespace fundus::searchd
