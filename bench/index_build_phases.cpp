// bench/index_build_phases: where the time of a Fundus build goes, phase by phase, on one thread:
// reading and validating the JSON Lines, analysing into Xapian documents (no database), adding
// them to a WritableDatabase, spelling data, and the final commit. For the profile in
// docs/reindex.md; bench/index_build measures the real fundus-index against PostgreSQL.
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/document_builder.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/index_builder.h"
#include "fundus/index/readers.h"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <unordered_map>

namespace {

using namespace fundus;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

/// Collects the valid posts of a source in memory.
class Collect final : public index::RecordSink {
public:
    std::vector<index::Post> posts;
    void post(index::Post&& post, const index::SourceLocation&) override { posts.push_back(std::move(post)); }
    void problem(const index::RecordProblem&) override {}
};

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"Times the phases of a Fundus build on one thread."};
    std::string input, out, data_dir;
    bool spelling = true;
    app.add_option("--input", input, "JSON Lines file")->required();
    app.add_option("--out", out, "scratch database folder (overwritten)")->required();
    app.add_option("--data-dir", data_dir, "data/ folder (default: built-in)");
    app.add_flag("!--no-spelling", spelling, "skip the spelling data");
    CLI11_PARSE(app, argc, argv);

    auto t = Clock::now();
    auto paths = analyzers::AnalyzerResources::default_paths();
    if (!data_dir.empty())
        paths.data_dir = data_dir;
    analyzers::GermanAnalyzer analyzer(analyzers::AnalyzerResources::load(paths));
    const auto gazetteer = index::Gazetteer::load(paths.data_dir / "regions");
    const double load_s = since(t);

    t = Clock::now();
    Collect sink;
    index::PostValidator validator(gazetteer);
    index::read_source(input, index::SourceFormat::automatic, validator, sink);
    const double read_s = since(t);

    t = Clock::now();
    index::DocumentBuilder builder(analyzer);
    std::vector<Xapian::Document> docs;
    std::vector<std::vector<std::string>> words(sink.posts.size());
    std::vector<std::string> suggest_words;
    for (std::size_t i = 0; i < sink.posts.size(); ++i)
        docs.push_back(
            builder.build(sink.posts[i], spelling ? &words[i] : nullptr, &suggest_words));
    const double analyse_s = since(t);

    // Positions by kind of term: plain words and their variants, and prefixed terms (title:,
    // tag:, author:, filters), which repeat words.
    std::size_t postings = 0, prefixed = 0, terms = 0;
    for (const auto& doc : docs)
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
            const std::size_t n = std::max<Xapian::termcount>(1, term.positionlist_count());
            postings += n;
            ++terms;
            if (!(*term).empty() && (*term)[0] >= 'A' && (*term)[0] <= 'Z')
                prefixed += n;
        }

    t = Clock::now();
    Xapian::WritableDatabase db(out, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    // Written out as often as fundus-index's build workers do (BuildOptions::flush_every); the
    // spelling data and the word counts are written at the end, as at a run's close.
    const std::size_t flush_every = index::BuildOptions{}.flush_every;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        db.add_document(docs[i]);
        if ((i + 1) % flush_every == 0)
            db.commit();
    }
    const double add_s = since(t);

    t = Clock::now();
    std::unordered_map<std::string, Xapian::termcount> counts;
    for (auto& list : words)
        for (auto& w : list)
            ++counts[w];
    for (const auto& [w, n] : counts)
        db.add_spelling(w, n);
    const double spelling_s = since(t);

    // Word suggestions: counted like the indexer's runs, written in key order as metadata.
    t = Clock::now();
    index::count_word_suggestions(db, suggest_words);
    const double suggest_s = since(t);
    std::sort(suggest_words.begin(), suggest_words.end());
    const auto distinct_words = static_cast<std::size_t>(
        std::unique(suggest_words.begin(), suggest_words.end()) - suggest_words.begin());

    t = Clock::now();
    db.commit();
    db.close();
    const double commit_s = since(t);

    const double total = read_s + analyse_s + add_s + spelling_s + suggest_s + commit_s;
    std::printf("documents %zu, distinct terms per document %.0f, positions %zu (%.0f per "
                "document, %.0f%% of them prefixed terms), spelling words %zu, word suggestions "
                "%zu\n",
                docs.size(), static_cast<double>(terms) / static_cast<double>(docs.size()),
                postings, static_cast<double>(postings) / static_cast<double>(docs.size()),
                100.0 * static_cast<double>(prefixed) / static_cast<double>(postings),
                counts.size(), distinct_words);
    std::printf("%-34s %8s %6s\n", "phase", "seconds", "share");
    auto row = [&](const char* name, double s) {
        std::printf("%-34s %8.2f %5.1f%%\n", name, s, 100 * s / total);
    };
    std::printf("%-34s %8.2f %6s\n", "(loading analyzer resources)", load_s, "");
    row("read + validate (JSON, HTML)", read_s);
    row("analyse + build Xapian documents", analyse_s);
    row("add_document (batches as the build)", add_s);
    row("add_spelling (once a word)", spelling_s);
    row("word suggestions (metadata counts)", suggest_s);
    row("commit (flush, fsync)", commit_s);
    std::printf("%-34s %8.2f\n", "total without loading", total);
    return 0;
}
