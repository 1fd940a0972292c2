// bench/analyzer_throughput: MB of German text per second that GermanAnalyzer::analyze handles on
// one core (the program is single-threaded), with and without compound splitting, over the XQuAD
// paragraphs and the 10kGNAD news articles. Median of N runs.
#include "corpus.h"
#include "tool_main.h"

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace {

using namespace fundus;
using namespace fundus::bench;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Pass {
    double seconds = 0;
    std::size_t tokens = 0;
};

/// One pass of `analyzer` over every text.
Pass analyze_all(analyzers::GermanAnalyzer& analyzer, const std::vector<std::string>& texts) {
    Pass pass;
    const auto started = Clock::now();
    for (const auto& text : texts)
        pass.tokens += analyzer.analyze(text).size();
    pass.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return pass;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

struct Measurement {
    double cold_mb_per_s = 0; ///< a fresh analyzer per run: its word cache starts empty
    double warm_mb_per_s = 0; ///< one analyzer, after one unmeasured pass filled its cache
    double cold_words_per_s = 0;
};

Measurement measure(const std::shared_ptr<const analyzers::AnalyzerResources>& resources,
                    const analyzers::AnalyzerOptions& options,
                    const std::vector<std::string>& texts, std::size_t bytes, unsigned runs) {
    std::vector<double> cold, warm, words;
    const double mb = static_cast<double>(bytes) / 1e6;
    for (unsigned i = 0; i < runs; ++i) {
        analyzers::GermanAnalyzer fresh(resources, options);
        const Pass pass = analyze_all(fresh, texts);
        cold.push_back(mb / pass.seconds);
        words.push_back(static_cast<double>(pass.tokens) / pass.seconds);
    }
    analyzers::GermanAnalyzer reused(resources, options);
    analyze_all(reused, texts);
    for (unsigned i = 0; i < runs; ++i)
        warm.push_back(mb / analyze_all(reused, texts).seconds);
    return {median(cold), median(warm), median(words)};
}

std::string fixed(double value, const char* pattern = "%.2f") {
    char buf[32];
    std::snprintf(buf, sizeof buf, pattern, value);
    return buf;
}

int run(int argc, char** argv) {
    CLI::App app{"analyzer_throughput: GermanAnalyzer::analyze throughput on real German text"};
    std::string corpora = default_corpora_dir().string();
    unsigned runs = 5;
    app.add_option("--corpora", corpora, "the shared corpora folder")->capture_default_str();
    app.add_option("--runs", runs, "runs per configuration; the median is reported")
        ->capture_default_str()
        ->check(CLI::Range(1u, 100u));
    CLI11_PARSE(app, argc, argv);

    const fs::path xquad_file = fs::path(corpora) / "xquad-de" / "xquad.de.json";
    const fs::path gnad_file = fs::path(corpora) / "10kgnad" / "test.csv";
    if (!fs::exists(xquad_file) || !fs::exists(gnad_file)) {
        std::cout << "analyzer_throughput: skipped: " << xquad_file.string() << " or "
                  << gnad_file.string()
                  << " not found (the shared corpora, ../shared/corpora, are not there)\n";
        return 0;
    }
    std::vector<std::string> texts;
    for (auto& p : load_xquad(xquad_file).paragraphs)
        texts.push_back(std::move(p.text));
    const std::size_t paragraphs = texts.size();
    for (auto& t : load_10kgnad_texts(gnad_file))
        texts.push_back(std::move(t));
    std::size_t bytes = 0;
    for (const auto& t : texts)
        bytes += t.size();

    const auto load_started = Clock::now();
    const auto resources =
        analyzers::AnalyzerResources::load(analyzers::AnalyzerResources::default_paths());
    const double load_seconds = std::chrono::duration<double>(Clock::now() - load_started).count();

    analyzers::AnalyzerOptions no_split;
    no_split.decompound = false;
    const Measurement with = measure(resources, {}, texts, bytes, runs);
    const Measurement without = measure(resources, no_split, texts, bytes, runs);

    std::cout << "Text: " << paragraphs << " XQuAD paragraphs + " << texts.size() - paragraphs
              << " 10kGNAD articles = " << fixed(static_cast<double>(bytes) / 1e6) << " MB UTF-8; "
              << "median of " << runs << " runs, one thread; resources (lexicon of "
              << resources->lexicon_size() << " words) loaded once in " << fixed(load_seconds)
              << " s, not counted.\n\n"
              << "| GermanAnalyzer::analyze | MB/s, fresh analyzer | MB/s, warm word cache | "
                 "words/s, fresh |\n"
              << "| --- | ---: | ---: | ---: |\n"
              << "| all features (with compound splitting) | " << fixed(with.cold_mb_per_s) << " | "
              << fixed(with.warm_mb_per_s) << " | " << fixed(with.cold_words_per_s, "%.0f")
              << " |\n"
              << "| decompound off | " << fixed(without.cold_mb_per_s) << " | "
              << fixed(without.warm_mb_per_s) << " | " << fixed(without.cold_words_per_s, "%.0f")
              << " |\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("analyzer_throughput", [&] { return run(argc, argv); });
}
