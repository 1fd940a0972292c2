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

struct ServiceOptions {
    std::filesystem::path index_dir;
    std::filesystem::path synonyms_file; ///< data/synonyms.txt; missing = none
    std::size_t snippet_bytes = 240;
    /// Queries with at most this many content words require all of them (falling back to any
    /// when that finds nothing); longer ones (natural-language questions) match any and rank.
    std::size_t max_words_all_required = 4;
};

struct Health {
    std::string status = "ok";
    std::size_t documents = 0;
    unsigned generation = 0;
    std::string built_at;
};

class SearchService {
public:
    /// Opens the current generation of options.index_dir. Throws fundus::Error when there is
    /// none or the synonyms file is malformed.
    SearchService(ServiceOptions options, std::shared_ptr<const analyzers::AnalyzerResources> resources,
                  std::shared_ptr<const index::Gazetteer> gazetteer);
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /// Runs a search. Never throws for request content; an index failure gives a 503 ApiError.
    Outcome<SearchResult> search(const SearchRequest& request);

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

    std::shared_ptr<const Synonyms> synonyms() const;
    void load_synonyms();
};

} // namespace fundus::searchd
