#include "systems.h"

#include "fundus/error.h"
#include "fundus/index/document_builder.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"

#include <xapian.h>

#include <algorithm>

namespace fundus::bench {

namespace {

std::string article_words(const std::string& slug) {
    std::string out = slug;
    std::replace(out.begin(), out.end(), '_', ' ');
    return out;
}

bool same_options(const analyzers::AnalyzerOptions& a, const analyzers::AnalyzerOptions& b) {
    return a.stemming == b.stemming && a.umlaut_folding == b.umlaut_folding &&
           a.gender_forms == b.gender_forms && a.hyphen_joining == b.hyphen_joining &&
           a.decompound == b.decompound && a.verb_forms == b.verb_forms &&
           a.derivations == b.derivations;
}

/// SearchService builds its query analyzer with default options and ServiceOptions has no way
/// to change that. For the ablation, the one pooled worker context gets an analyzer with the
/// index's options instead; the benchmark is single-threaded, so every search() leases exactly
/// that context. check_query_analyzer() verifies after a search that this still holds.
void install_query_analyzer(searchd::SearchService& service,
                            std::shared_ptr<const analyzers::AnalyzerResources> resources,
                            const analyzers::AnalyzerOptions& options) {
    auto lease = service.reader().acquire();
    lease->analyzer = analyzers::GermanAnalyzer(std::move(resources), options);
}

void check_query_analyzer(searchd::SearchService& service,
                          const analyzers::AnalyzerOptions& options) {
    auto lease = service.reader().acquire();
    if (!same_options(lease->analyzer.options(), options))
        throw Error("run_fundus(): the search service did not use the ablated query analyzer; "
                    "the ablation needs a way to pass AnalyzerOptions to SearchService");
}

} // namespace

void build_fundus_index(const XQuad& corpus, const std::filesystem::path& index_dir,
                        const analyzers::GermanAnalyzer& analyzer, const DocumentChoice& choice) {
    namespace schema = index::schema;
    index::WriterLock lock(index_dir);
    index::IndexDirectory dir(index_dir);
    auto [number, staging] = dir.begin_generation();
    {
        Xapian::WritableDatabase db(index::IndexDirectory::database_path(staging).string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.set_metadata(std::string(schema::meta_schema_version),
                        std::string(schema::schema_version));
        index::DocumentBuilder builder(analyzer);
        for (std::size_t i = 0; i < corpus.paragraphs.size(); ++i) {
            index::Post post;
            post.id = std::to_string(i);
            post.type = "post";
            post.body = corpus.paragraphs[i].text;
            if (choice.article_in_teaser)
                post.teaser = article_words(corpus.paragraphs[i].article);
            db.add_document(builder.build(post));
        }
        db.commit();
    }
    dir.publish(number, {{"generation", number},
                         {"documents", corpus.paragraphs.size()},
                         {"mode", "bench/relevance"}});
}

std::vector<RankedList> run_fundus(const XQuad& corpus, const FundusRun& run,
                                   std::shared_ptr<const analyzers::AnalyzerResources> resources,
                                   std::shared_ptr<const index::Gazetteer> gazetteer) {
    searchd::SearchService service(run.service, resources, std::move(gazetteer));
    const bool ablated_analyzer = !same_options(run.analyzer, analyzers::AnalyzerOptions{});
    if (ablated_analyzer)
        install_query_analyzer(service, resources, run.analyzer);
    std::vector<RankedList> results;
    results.reserve(corpus.questions.size());
    for (const auto& question : corpus.questions) {
        searchd::SearchRequest request;
        request.q = question.text;
        request.size = 10;
        request.facets = false;
        request.spelling = false;
        const auto outcome = service.search(request);
        if (!outcome.ok())
            throw Error("run_fundus(): search for '" + question.text +
                        "' failed: " + outcome.error.message);
        RankedList list;
        for (const auto& hit : outcome.value->hits)
            list.push_back(std::stoul(hit.id));
        results.push_back(std::move(list));
        if (ablated_analyzer && results.size() == 1)
            check_query_analyzer(service, run.analyzer);
    }
    return results;
}

std::vector<RankedList> run_plain_xapian(const XQuad& corpus, const std::filesystem::path& db_dir,
                                         const DocumentChoice& choice, std::size_t& parse_errors) {
    const Xapian::Stem stemmer("german");
    {
        Xapian::WritableDatabase db(db_dir.string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        Xapian::TermGenerator generator;
        generator.set_stemmer(stemmer); // default strategy: STEM_SOME
        for (const auto& paragraph : corpus.paragraphs) {
            Xapian::Document doc;
            generator.set_document(doc);
            if (choice.article_in_teaser) {
                generator.index_text(article_words(paragraph.article));
                generator.increase_termpos();
            }
            generator.index_text(paragraph.text);
            db.add_document(doc);
        }
        db.commit();
    }
    Xapian::Database db(db_dir.string());
    Xapian::QueryParser parser;
    parser.set_stemmer(stemmer);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db); // default operator: OR; default flags
    Xapian::Enquire enquire(db);
    parse_errors = 0;
    std::vector<RankedList> results;
    results.reserve(corpus.questions.size());
    for (const auto& question : corpus.questions) {
        RankedList list;
        try {
            enquire.set_query(parser.parse_query(question.text));
            const Xapian::MSet mset = enquire.get_mset(0, 10);
            for (auto it = mset.begin(); it != mset.end(); ++it)
                list.push_back(*it - 1); // docids are 1-based, in insertion order
        } catch (const Xapian::QueryParserError&) {
            ++parse_errors;
        }
        results.push_back(std::move(list));
    }
    return results;
}

} // namespace fundus::bench
