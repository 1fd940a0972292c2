// The systems the relevance benchmark compares, each as "index the paragraphs, run the
// questions, return ranked lists": Fundus through its in-process SearchService, and plain
// Xapian with its defaults. Not thread-safe; one run at a time per work directory.
#pragma once

#include "corpus.h"
#include "metrics.h"

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/search_service.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace fundus::bench {

/// What the documents contain besides the paragraph text.
struct DocumentChoice {
    /// Put the article's slug ("Super_Bowl_50" -> "Super Bowl 50") into the teaser (Fundus) or
    /// the indexed text (peers). Off by default: the slugs are English, see docs/relevance.md.
    bool article_in_teaser = false;
};

/// Builds a Fundus index generation of the paragraphs (document i has id "i") in `index_dir`
/// with `analyzer`, through DocumentBuilder and IndexDirectory like the indexer does.
void build_fundus_index(const XQuad& corpus, const std::filesystem::path& index_dir,
                        const analyzers::GermanAnalyzer& analyzer, const DocumentChoice& choice);

/// One Fundus configuration to measure.
struct FundusRun {
    searchd::ServiceOptions service;     ///< index_dir, synonyms_file, max_words_all_required
    analyzers::AnalyzerOptions analyzer; ///< the query side's options (normally the index's)
};

/// Runs every question through SearchService::search (facets and spelling off, size 10) and
/// returns the ranked document numbers. Throws fundus::Error when a search fails or the service
/// cannot be made to analyse queries with `run.analyzer`.
std::vector<RankedList> run_fundus(const XQuad& corpus, const FundusRun& run,
                                   std::shared_ptr<const analyzers::AnalyzerResources> resources,
                                   std::shared_ptr<const index::Gazetteer> gazetteer);

/// Plain Xapian defaults: TermGenerator and QueryParser with Stem("german"), STEM_SOME, the
/// default operator OR, BM25. Indexes into `db_dir`. `parse_errors` counts questions the
/// QueryParser rejected (they count as zero results).
std::vector<RankedList> run_plain_xapian(const XQuad& corpus, const std::filesystem::path& db_dir,
                                         const DocumentChoice& choice, std::size_t& parse_errors);

} // namespace fundus::bench
