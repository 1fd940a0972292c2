// The search service: SearchRequest -> SearchResult over the current index generation, callable
// in-process (tests, benchmarks) and wrapped by the HTTP layer. Thread-safe: each call leases its
// own analyzer and Xapian database.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/index_reader.h"
#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_types.h"

#include <filesystem>
#include <memory>
#include <mutex>

namespace fundus::searchd {

class Synonyms;
template <typename Value> class GenerationCache;

/// How related posts are found; the defaults are the measured ones (docs/discovery.md).
struct RelatedTuning {
    unsigned terms = 50;          ///< distinctive terms of the post (from the ESet) in the query
    unsigned candidates = 40;     ///< text matches that shared topics and region may reorder
    double topic_weight = 0.3;    ///< added × the share of the post's topics a candidate has
    double district_weight = 0.15; ///< added when the candidate is in the same Kreis
    double state_weight = 0.05;   ///< added when the candidate is in the same Land
    /// false: every unprefixed term the ESet offers, stop words, numbers and words no other post
    /// has included (the benchmark's "no term filter" comparison).
    bool filter_terms = true;
    /// A related post must have one of the post's rarer terms, those that occur in at most this
    /// many posts together; the more frequent terms (the least distinctive) only add to its weight
    /// (OP_AND_MAYBE), so that the match does not visit every post with a frequent word. When the
    /// rarer terms find too few posts, posts with only frequent ones fill the list. Over shards
    /// (no value table), also the most posts sharing a topic or the region that are sorted by date
    /// when the words find too few. Only a large index reaches it (50 terms on the 1,028 articles
    /// of 10kGNAD never do); on a million law paragraphs 5,000 gave more related posts from the
    /// same law than 20,000 or no limit, in half the time (docs/discovery.md). 0: no limit.
    unsigned max_postings = 5000;
};

struct ServiceOptions {
    std::filesystem::path index_dir; ///< the index, when layout has no shards
    IndexLayout layout;              ///< shards, their spelling index, timeouts (docs/scaling.md)
    std::filesystem::path synonyms_file; ///< data/synonyms.txt; missing = none
    std::size_t snippet_bytes = 240;
    /// Queries with at most this many content words require all of them (falling back to any
    /// when that finds nothing); longer ones (natural-language questions) match any and rank.
    std::size_t max_words_all_required = 4;
    /// Questions ("Wie beantrage ich Fördermittel?", "welche Kommunen haben einen Rufbus") match
    /// any content word and rank, whatever their length: in natural language not every word is
    /// meant as a condition. false: they are treated like other queries.
    bool questions_match_any = true;
    /// Matching time per Xapian query (0: none). Past it, Xapian stops checking every match, so
    /// totals and facet counts of that request become estimates instead of the request hanging.
    double time_limit_seconds = 0;
    /// Matches are counted exactly (total and facets) up to this many. Past it, Xapian checks
    /// about this many matches: the total is its estimate and the facet counts are scaled from
    /// those it checked (SearchResult::counts_exact false). 0: always exact.
    unsigned exact_count_limit = 10000;
    RelatedTuning related;
    /// Related lists kept per index generation (a list is the same until the index changes),
    /// the least recently asked for dropped first; about 1-10 KB each. 0: none kept.
    std::size_t related_cache_entries = 2000;
    /// Did-you-mean suggestions of words the index does not know, kept per index generation the
    /// same way; some 100 bytes each. 0: none kept.
    std::size_t spelling_cache_entries = 20000;
};

struct Health {
    std::string status = "ok";
    std::size_t documents = 0;
    unsigned generation = 0;
    std::string built_at;
};

class SearchService {
public:
    /// Opens the current generation of options.index_dir, or of every shard of options.layout.
    /// Throws fundus::Error when there is none, a remote shard does not answer or the synonyms
    /// file is malformed.
    SearchService(ServiceOptions options, std::shared_ptr<const analyzers::AnalyzerResources> resources,
                  std::shared_ptr<const index::Gazetteer> gazetteer);
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /// Runs a search. Never throws for request content; an index failure gives a 503 ApiError
    /// ("shard_unavailable" naming the shard when a shard is down or slow and the layout says
    /// `error`; with `partial`, the result names the failed shards instead).
    Outcome<SearchResult> search(const SearchRequest& request);

    /// The posts most like post `request.id`: its distinctive terms (Xapian RSet -> ESet, without
    /// stop words, numbers, one-letter noise and words no other post has), weighted, then
    /// reordered by shared topics, Kreis and Land. Never the post itself. An unknown id gives a
    /// 404 ApiError "not_found" naming "id"; an index failure a 503.
    Outcome<RelatedResult> related(const RelatedRequest& request);

    /// Completions of `request.q`, best first: words completing its last word, and titles,
    /// topics, tags and regions completing the whole text, umlaut-insensitive, with one typo
    /// allowed from 5 characters on. Fewer than 2 characters give none. Index failure: 503.
    Outcome<SuggestResult> suggest(const SuggestRequest& request);

    /// Picks up a new index generation and a changed synonyms file; true when anything changed.
    bool refresh();

    [[nodiscard]] Health health();
    [[nodiscard]] const index::Gazetteer& gazetteer() const { return *gazetteer_; }
    [[nodiscard]] IndexReader& reader() { return reader_; }

private:
    struct SearchRun;
    ServiceOptions options_;
    std::shared_ptr<const analyzers::AnalyzerResources> resources_;
    std::shared_ptr<const index::Gazetteer> gazetteer_;
    IndexReader reader_;
    mutable std::mutex synonyms_mutex_;
    std::shared_ptr<const Synonyms> synonyms_;
    std::filesystem::file_time_type synonyms_mtime_{};
    /// The shortest prefixes' suggestions (SuggestCache), per generation.
    std::unique_ptr<GenerationCache<std::vector<Suggestion>>> suggest_cache_;
    std::unique_ptr<GenerationCache<RelatedResult>> related_cache_;  ///< id, size, types -> list
    std::unique_ptr<GenerationCache<std::string>> spelling_cache_;   ///< word -> suggestion

    std::shared_ptr<const Synonyms> synonyms() const;
    void load_synonyms();
    /// Runs `body(WorkerContext&)` (returning Outcome<T>) on a leased context and answers index
    /// and shard failures: a broken connection is tried once more on fresh connections; a shard
    /// that times out or fails again is marked failed, then gives a 503 naming it, or (partial)
    /// the request runs again without it.
    template <typename T, typename Body> Outcome<T> on_index(const char* api, Body&& body);
};

} // namespace fundus::searchd
