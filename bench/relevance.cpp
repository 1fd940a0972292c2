// bench/relevance: retrieval quality on XQuAD German. Indexes the 240 paragraphs, runs the 1,190
// questions, and prints MRR@10, Recall@1, Recall@10 and the zero-result rate for Fundus, plain
// Xapian defaults, peers whose ranked lists were computed elsewhere (PostgreSQL), and Fundus
// with each analysis feature switched off in turn. The driver is bench/run-relevance.
#include "corpus.h"
#include "metrics.h"
#include "systems.h"
#include "tool_main.h"

#include "fundus/error.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

namespace {

using namespace fundus;
using namespace fundus::bench;
namespace fs = std::filesystem;

/// A temporary folder removed on destruction unless kept.
class WorkDir {
public:
    explicit WorkDir(const std::string& requested) {
        if (!requested.empty()) {
            path_ = requested;
            fs::create_directories(path_);
            keep_ = true;
            return;
        }
        std::string pattern = (fs::temp_directory_path() / "fundus-relevance-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw Error("relevance: cannot create a temporary folder from " + pattern);
        path_ = pattern;
    }
    ~WorkDir() {
        std::error_code ec;
        if (!keep_)
            fs::remove_all(path_, ec);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }

private:
    fs::path path_;
    bool keep_ = false;
};

/// One Fundus variant of the ablation: what is switched off, and how.
struct Variant {
    std::string name;
    analyzers::AnalyzerOptions analyzer; ///< index side, and query side unless `query_analyzer`
    bool synonyms = true;
    std::optional<std::size_t> max_words_all_required;        ///< nothing: the service's default
    std::optional<analyzers::AnalyzerOptions> query_analyzer; ///< a different query side
    bool questions_match_any = true;
};

std::vector<Variant> ablation_variants() {
    std::vector<Variant> out;
    auto off = [&](std::string name, auto member) {
        Variant v{"Fundus − " + std::move(name), {}, true, std::nullopt, std::nullopt};
        v.analyzer.*member = false;
        out.push_back(std::move(v));
    };
    using O = analyzers::AnalyzerOptions;
    off("stemming", &O::stemming);
    off("umlaut_folding", &O::umlaut_folding);
    off("gender_forms", &O::gender_forms);
    off("hyphen_joining", &O::hyphen_joining);
    off("decompound", &O::decompound);
    off("verb_forms", &O::verb_forms);
    off("derivations", &O::derivations);
    // Where compound splitting helps or hurts: only at index time (a part finds the compound)
    // or only at query time (a compound finds its parts).
    analyzers::AnalyzerOptions no_split;
    no_split.decompound = false;
    out.push_back({"Fundus − decompound on the query side only (the index keeps the parts)",
                   {},
                   true,
                   std::nullopt,
                   no_split});
    out.push_back({"Fundus − decompound on the index side only (queries still split)", no_split,
                   true, std::nullopt, analyzers::AnalyzerOptions{}});
    out.push_back(
        {"Fundus − synonyms (empty synonyms file)", {}, false, std::nullopt, std::nullopt});
    out.push_back({"Fundus, max_words_all_required = 0 (always OR)", {}, true, 0, std::nullopt});
    out.push_back({"Fundus − questions_match_any (short questions require all words)",
                   {},
                   true,
                   std::nullopt,
                   std::nullopt,
                   false});
    return out;
}

std::string options_key(const analyzers::AnalyzerOptions& o) {
    std::string key;
    for (bool b : {o.stemming, o.umlaut_folding, o.gender_forms, o.hyphen_joining, o.decompound,
                   o.verb_forms, o.derivations})
        key += b ? '1' : '0';
    return key;
}

/// Builds (once per analyzer configuration) and measures Fundus variants.
class FundusBench {
public:
    FundusBench(const XQuad& corpus, const fs::path& work, const DocumentChoice& choice)
        : corpus_(corpus), work_(work), choice_(choice) {
        auto paths = analyzers::AnalyzerResources::default_paths();
        data_dir_ = paths.data_dir;
        resources_ = analyzers::AnalyzerResources::load(paths);
        gazetteer_ =
            std::make_shared<const index::Gazetteer>(index::Gazetteer::load(data_dir_ / "regions"));
        empty_synonyms_ = work_ / "empty-synonyms.txt";
        std::ofstream(empty_synonyms_).flush();
    }

    [[nodiscard]] std::size_t lexicon_size() const { return resources_->lexicon_size(); }
    [[nodiscard]] const fs::path& data_dir() const { return data_dir_; }

    std::vector<RankedList> run(const Variant& v) {
        const fs::path index_dir = work_ / ("fundus-" + options_key(v.analyzer));
        if (!fs::exists(index_dir))
            build_fundus_index(corpus_, index_dir,
                               analyzers::GermanAnalyzer(resources_, v.analyzer), choice_);
        FundusRun run;
        run.service.index_dir = index_dir;
        run.service.synonyms_file = v.synonyms ? data_dir_ / "synonyms.txt" : empty_synonyms_;
        if (v.max_words_all_required)
            run.service.max_words_all_required = *v.max_words_all_required;
        run.service.questions_match_any = v.questions_match_any;
        run.analyzer = v.query_analyzer.value_or(v.analyzer);
        return run_fundus(corpus_, run, resources_, gazetteer_);
    }

private:
    const XQuad& corpus_;
    fs::path work_;
    DocumentChoice choice_;
    fs::path data_dir_;
    fs::path empty_synonyms_;
    std::shared_ptr<const analyzers::AnalyzerResources> resources_;
    std::shared_ptr<const index::Gazetteer> gazetteer_;
};

std::pair<std::string, std::string> split_assignment(const std::string& text, const char* option) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw Error(std::string("relevance: ") + option + " expects NAME=VALUE, got '" + text +
                    "'");
    return {text.substr(0, eq), text.substr(eq + 1)};
}

std::string rank_cell(const RankedList& list, std::size_t relevant) {
    if (list.empty())
        return "none";
    const auto rank = rank_in_top_10(list, relevant);
    return rank ? std::to_string(*rank) : ">10";
}

/// One line per question: its number, paragraph, the rank per system ("none": no results,
/// ">10": not in the top 10), the top document per system, and the question.
void write_per_query(const fs::path& file, const XQuad& corpus,
                     const std::vector<std::string>& names,
                     const std::vector<std::vector<RankedList>>& results) {
    std::ofstream out(file);
    if (!out)
        throw Error("relevance: cannot write " + file.string());
    out << "question\tparagraph";
    for (const auto& n : names)
        out << "\trank " << n;
    for (const auto& n : names)
        out << "\ttop " << n;
    out << "\ttext\n";
    for (std::size_t q = 0; q < corpus.questions.size(); ++q) {
        const auto& question = corpus.questions[q];
        out << q << '\t' << question.paragraph;
        for (const auto& r : results)
            out << '\t' << rank_cell(r[q], question.paragraph);
        for (const auto& r : results)
            out << '\t' << (r[q].empty() ? std::string("-") : std::to_string(r[q][0]));
        out << '\t' << question.text << '\n';
    }
}

/// "Per question, Fundus ranks the relevant paragraph higher than X for N questions, ...".
std::string head_to_head(const std::vector<RankedList>& a, const std::vector<RankedList>& b,
                         const std::vector<std::size_t>& relevant, const std::string& other) {
    std::size_t better = 0, worse = 0;
    for (std::size_t q = 0; q < relevant.size(); ++q) {
        const std::size_t ra = rank_in_top_10(a[q], relevant[q]).value_or(11);
        const std::size_t rb = rank_in_top_10(b[q], relevant[q]).value_or(11);
        better += ra < rb;
        worse += ra > rb;
    }
    return "Per question, Fundus ranks the relevant paragraph higher than " + other + " for " +
           std::to_string(better) + " questions and lower for " + std::to_string(worse) +
           " (same: " + std::to_string(relevant.size() - better - worse) + ").";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int run(int argc, char** argv) {
    CLI::App app{"relevance: retrieval quality of Fundus and its peers on XQuAD German"};
    std::string corpora = default_corpora_dir().string(), work, out_file, per_query_file;
    std::vector<std::string> peers, skipped_peers;
    bool with_titles = false, no_ablation = false;
    app.add_option("--corpora", corpora, "the shared corpora folder")->capture_default_str();
    app.add_option("--work", work,
                   "keep indexes in this folder (default: a temporary one, removed)");
    app.add_option("--peer", peers, "NAME=FILE: ranked lists of another system (repeatable)");
    app.add_option("--peer-skipped", skipped_peers, "NAME=REASON: a peer that could not run");
    app.add_option("--out", out_file, "also write the report (Markdown) to this file");
    app.add_option("--per-query", per_query_file, "write each question's rank per system (TSV)");
    app.add_flag("--with-titles", with_titles, "index the article slug with each paragraph");
    app.add_flag("--no-ablation", no_ablation, "skip the ablation rows");
    CLI11_PARSE(app, argc, argv);

    const fs::path xquad_file = fs::path(corpora) / "xquad-de" / "xquad.de.json";
    if (!fs::exists(xquad_file)) {
        std::cout << "relevance: skipped: " << xquad_file.string()
                  << " not found (the shared corpora, ../shared/corpora, are not there)\n";
        return 0;
    }
    const XQuad corpus = load_xquad(xquad_file);
    std::vector<std::size_t> relevant;
    for (const auto& q : corpus.questions)
        relevant.push_back(q.paragraph);
    WorkDir dir(work);
    const DocumentChoice choice{with_titles};

    std::vector<TableRow> rows;
    std::vector<std::string> names;
    std::vector<std::vector<RankedList>> all_results;
    auto add = [&](const std::string& name, std::vector<RankedList> results, std::string note,
                   std::chrono::steady_clock::time_point started) {
        rows.push_back({name, evaluate(results, relevant), std::move(note)});
        std::cerr << "relevance: " << name << ": MRR@10 " << rows.back().metrics->mrr_at_10 << " ("
                  << seconds_since(started) << " s)\n";
        names.push_back(name);
        all_results.push_back(std::move(results));
    };

    FundusBench fundus(corpus, dir.path(), choice);
    auto started = std::chrono::steady_clock::now();
    add("Fundus", fundus.run(Variant{"Fundus", {}, true, std::nullopt, std::nullopt}), "", started);

    started = std::chrono::steady_clock::now();
    std::size_t parse_errors = 0;
    auto xapian = run_plain_xapian(corpus, dir.path() / "plain-xapian", choice, parse_errors);
    add("plain Xapian defaults", std::move(xapian),
        parse_errors ? std::to_string(parse_errors) + " query parse errors" : "", started);

    for (const auto& peer : peers) {
        const auto [name, file] = split_assignment(peer, "--peer");
        started = std::chrono::steady_clock::now();
        add(name, read_ranked_lists(file, corpus.questions.size()), "", started);
    }
    for (const auto& peer : skipped_peers) {
        const auto [name, reason] = split_assignment(peer, "--peer-skipped");
        rows.push_back({name, std::nullopt, "skipped: " + reason});
    }
    if (!no_ablation)
        for (const auto& variant : ablation_variants()) {
            started = std::chrono::steady_clock::now();
            add(variant.name, fundus.run(variant), "", started);
        }

    std::string report =
        "XQuAD German: " + std::to_string(corpus.paragraphs.size()) + " paragraphs, " +
        std::to_string(corpus.questions.size()) + " questions; documents: " +
        (with_titles ? "paragraph text + article slug" : "paragraph text only") +
        "; top 10; lexicon " + std::to_string(fundus.lexicon_size()) + " words.\n\n";
    report += markdown_table(rows, *rows.front().metrics);
    report += "\n" + head_to_head(all_results[0], all_results[1], relevant, "plain Xapian") + "\n";
    std::cout << report;
    if (!out_file.empty()) {
        if (const auto parent = fs::path(out_file).parent_path(); !parent.empty())
            fs::create_directories(parent);
        std::ofstream(out_file) << report;
    }
    if (!per_query_file.empty())
        write_per_query(per_query_file, corpus, names, all_results);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("relevance", [&] { return run(argc, argv); });
}
