// bench/related_quality: are Fundus's related posts really related? Indexes the 1,028 10kGNAD
// news articles (nine classes), asks every article for its 5 related articles and counts how many
// share its class: precision@5, overall and macro-averaged over the classes, for Fundus's
// /api/related (in-process), for a plain Xapian ESet more-like-this on a plain Xapian index, for
// the ESet on the Fundus index without Fundus's term filter, and for chance. Also the latency of
// SearchService::related. Figures and how to run it: docs/discovery.md.
#include "corpus.h"
#include "related_corpus.h"
#include "timing.h"
#include "tool_main.h"

#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace {

using namespace fundus;
using namespace fundus::bench;
namespace fs = std::filesystem;
using searchd::RelatedTuning;

constexpr unsigned related_size = 5;

/// For each article, the articles a system calls related (at most 5, never itself).
using Related = std::vector<std::vector<std::size_t>>;

struct Precision {
    double overall = 0;
    double macro = 0;
    std::map<std::string, double> per_class;
    std::size_t short_lists = 0; ///< articles with fewer than 5 related
};

Precision precision_at_5(const std::vector<LabelledArticle>& articles, const Related& related) {
    std::map<std::string, std::pair<double, std::size_t>> by_class; // sum, count
    Precision p;
    for (std::size_t i = 0; i < articles.size(); ++i) {
        std::size_t same = 0;
        for (std::size_t j : related[i])
            same += articles[j].label == articles[i].label ? 1 : 0;
        const double precision = static_cast<double>(same) / related_size;
        p.overall += precision;
        by_class[articles[i].label].first += precision;
        ++by_class[articles[i].label].second;
        p.short_lists += related[i].size() < related_size ? 1 : 0;
    }
    p.overall /= static_cast<double>(articles.size());
    for (const auto& [label, sum_count] : by_class) {
        p.per_class[label] = sum_count.first / static_cast<double>(sum_count.second);
        p.macro += p.per_class[label];
    }
    p.macro /= static_cast<double>(by_class.size());
    return p;
}

/// Expected precision of 5 articles drawn at random from the others.
Precision chance(const std::vector<LabelledArticle>& articles) {
    std::map<std::string, std::size_t> sizes;
    for (const auto& a : articles)
        ++sizes[a.label];
    const double others = static_cast<double>(articles.size() - 1);
    Precision p;
    for (const auto& [label, n] : sizes) {
        p.per_class[label] = static_cast<double>(n - 1) / others;
        p.macro += p.per_class[label];
        p.overall += static_cast<double>(n) * static_cast<double>(n - 1) / others;
    }
    p.macro /= static_cast<double>(sizes.size());
    p.overall /= static_cast<double>(articles.size());
    return p;
}

struct Timed {
    Related related;
    std::vector<double> ms;
};

Timed run_fundus(std::size_t count, const fs::path& index_dir, const RelatedTuning& tuning,
                 std::shared_ptr<const analyzers::AnalyzerResources> resources,
                 std::shared_ptr<const index::Gazetteer> gazetteer) {
    searchd::ServiceOptions options;
    options.index_dir = index_dir;
    options.related = tuning;
    searchd::SearchService service(options, std::move(resources), std::move(gazetteer));
    Timed out;
    for (std::size_t i = 0; i < count; ++i) {
        searchd::RelatedRequest request;
        request.id = std::to_string(i);
        request.size = related_size;
        const auto started = std::chrono::steady_clock::now();
        const auto outcome = service.related(request);
        out.ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
        if (!outcome.ok())
            throw Error("related_quality: related(" + request.id +
                        ") failed: " + outcome.error.message);
        std::vector<std::size_t> ids;
        for (const auto& hit : outcome.value->hits)
            ids.push_back(std::stoul(hit.id));
        out.related.push_back(std::move(ids));
    }
    return out;
}

/// What a Xapian user writes for "more like this": a plain TermGenerator index (Stem("german"),
/// STEM_SOME) ...
void build_plain_index(const std::vector<LabelledArticle>& articles, const fs::path& db_dir) {
    Xapian::WritableDatabase db(db_dir.string(),
                                Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("german"));
    for (const auto& a : articles) {
        const ArticleParts parts = split_article(a.text);
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(parts.title);
        generator.increase_termpos();
        generator.index_text(parts.body);
        db.add_document(doc);
    }
    db.commit();
}

/// ... and the ESet of the article as the only relevant document, its `terms` terms ORed.
Timed run_plain_eset(std::size_t count, const fs::path& db_dir, unsigned terms) {
    Xapian::Database db(db_dir.string());
    Timed out;
    for (Xapian::docid id = 1; id <= count; ++id) {
        const auto started = std::chrono::steady_clock::now();
        Xapian::Enquire enquire(db);
        Xapian::RSet rset;
        rset.add_document(id);
        const Xapian::ESet eset = enquire.get_eset(terms, rset);
        std::vector<Xapian::Query> parts;
        for (auto it = eset.begin(); it != eset.end(); ++it)
            parts.emplace_back(*it);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
        const Xapian::MSet mset = enquire.get_mset(0, related_size + 1);
        std::vector<std::size_t> ids;
        for (auto it = mset.begin(); it != mset.end() && ids.size() < related_size; ++it)
            if (*it != id)
                ids.push_back(*it - 1);
        out.ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count());
        out.related.push_back(std::move(ids));
    }
    return out;
}

struct Row {
    std::string system;
    Precision precision;
    std::vector<double> ms; ///< empty: not timed
};

std::string report(const std::vector<LabelledArticle>& articles, const std::vector<Row>& rows,
                   const std::string& baseline) {
    std::ostringstream out;
    out << "10kGNAD test set: " << articles.size() << " articles, 9 classes; each article's "
        << related_size << " related articles, precision@5 = share of them in its class.\n\n";
    out << "| system | precision@5 | macro precision@5 | Δ vs plain ESet (points) | fewer than 5 | "
           "p50 ms | p99 ms |\n";
    out << "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    double base = 0;
    for (const auto& r : rows)
        if (r.system == baseline)
            base = r.precision.overall;
    for (const auto& r : rows) {
        const bool timed = !r.ms.empty();
        out << "| " << r.system << " | " << fixed(r.precision.overall, 3) << " | "
            << fixed(r.precision.macro, 3) << " | "
            << (r.system == baseline ? "–" : fixed(100 * (r.precision.overall - base), 1)) << " | "
            << (timed ? std::to_string(r.precision.short_lists) : "–") << " | "
            << (timed ? fixed(percentile(r.ms, 0.5), 2) : "–") << " | "
            << (timed ? fixed(percentile(r.ms, 0.99), 2) : "–") << " |\n";
    }
    out << "\nPer class (precision@5):\n\n| class | articles |";
    for (const auto& r : rows)
        out << ' ' << r.system << " |";
    out << "\n| --- | ---: |";
    for (std::size_t i = 0; i < rows.size(); ++i)
        out << " ---: |";
    out << '\n';
    std::map<std::string, std::size_t> sizes;
    for (const auto& a : articles)
        ++sizes[a.label];
    for (const auto& [label, n] : sizes) {
        out << "| " << label << " | " << n << " |";
        for (const auto& r : rows)
            out << ' ' << fixed(r.precision.per_class.at(label), 3) << " |";
        out << '\n';
    }
    return out.str();
}

int run(int argc, char** argv) {
    CLI::App app{
        "related_quality: precision@5 of related posts on 10kGNAD (Fundus, plain ESet, chance)"};
    std::string corpora = default_corpora_dir().string(), work, out_file;
    bool sweep = false;
    app.add_option("--corpora", corpora, "the shared corpora folder")->capture_default_str();
    app.add_option("--work", work,
                   "keep the indexes in this folder (default: a temporary one, removed)");
    app.add_option("--out", out_file, "also write the report (Markdown) to this file");
    app.add_flag(
        "--sweep", sweep,
        "also measure Fundus and the plain ESet with 10, 20, 30 and 80 terms, and Fundus with "
        "postings budgets (RelatedTuning::max_postings) from none to 1,000");
    CLI11_PARSE(app, argc, argv);

    auto indexed = index_10kgnad(corpora, work, "related_quality");
    if (!indexed)
        return 0;
    const auto& [articles, work_dir, resources, gazetteer, index_dir] = *indexed;

    const RelatedTuning defaults;
    const fs::path plain_dir = work_dir->path() / "plain";
    if (!fs::exists(plain_dir))
        build_plain_index(articles, plain_dir);
    auto plain_name = [](unsigned terms) {
        return "plain Xapian ESet more-like-this, " + std::to_string(terms) + " terms";
    };
    const std::string baseline = plain_name(defaults.terms);
    std::vector<Row> rows;
    auto fundus_row = [&](const std::string& name, const RelatedTuning& tuning) {
        std::cerr << "related_quality: " << name << '\n';
        auto timed = run_fundus(articles.size(), index_dir, tuning, resources, gazetteer);
        rows.push_back({name, precision_at_5(articles, timed.related), std::move(timed.ms)});
    };
    auto plain_row = [&](unsigned terms) {
        std::cerr << "related_quality: " << plain_name(terms) << '\n';
        auto timed = run_plain_eset(articles.size(), plain_dir, terms);
        rows.push_back(
            {plain_name(terms), precision_at_5(articles, timed.related), std::move(timed.ms)});
    };
    fundus_row("Fundus /api/related, " + std::to_string(defaults.terms) + " terms", defaults);
    plain_row(defaults.terms);
    RelatedTuning unfiltered = defaults;
    unfiltered.filter_terms = false;
    fundus_row("ESet on the Fundus index, no term filter, " + std::to_string(defaults.terms) +
                   " terms",
               unfiltered);
    if (sweep) {
        for (unsigned terms : {10U, 20U, 30U, 80U}) {
            RelatedTuning t = defaults;
            t.terms = terms;
            fundus_row("Fundus, " + std::to_string(terms) + " terms", t);
            plain_row(terms);
        }
        for (unsigned postings : {0U, 20000U, 10000U, 5000U, 2500U, 1000U}) {
            RelatedTuning t = defaults;
            t.max_postings = postings;
            fundus_row("Fundus, max_postings " + std::to_string(postings), t);
        }
    }
    rows.push_back({"chance (5 other articles at random)", chance(articles), {}});

    const std::string text = report(articles, rows, baseline);
    std::cout << text;
    if (!out_file.empty())
        std::ofstream(out_file) << text;
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("related_quality", [&] { return run(argc, argv); });
}
