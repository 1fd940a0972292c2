// fundus-index: builds and manages Fundus indexes. Exit codes: 0 success, 1 finished but some
// records were rejected, 2 failed (the previous index stays live).
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/generations.h"
#include "fundus/index/index_builder.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <unistd.h>

namespace {

using namespace fundus;

struct CommonOptions {
    std::string index_dir = "index";
    std::string data_dir;
    std::string lexicon;
};

analyzers::ResourcePaths resource_paths(const CommonOptions& common) {
    auto paths = analyzers::AnalyzerResources::default_paths();
    if (!common.data_dir.empty())
        paths.data_dir = common.data_dir;
    if (!common.lexicon.empty())
        paths.lexicon = common.lexicon;
    return paths;
}

int run_build(const CommonOptions& common, const std::vector<std::string>& inputs,
              const std::string& format, const std::string& mapping, const std::string& report_path,
              unsigned keep, bool quiet) {
    const auto paths = resource_paths(common);
    analyzers::GermanAnalyzer analyzer(analyzers::AnalyzerResources::load(paths));
    const auto gazetteer = index::Gazetteer::load(paths.data_dir / "regions");
    index::BuildOptions options;
    options.index_dir = common.index_dir;
    options.keep_generations = keep;
    for (const auto& input : inputs)
        options.inputs.push_back({input, index::parse_source_format(format), mapping});
    const bool tty = isatty(STDERR_FILENO) != 0 && !quiet;
    index::BuildCallbacks callbacks;
    callbacks.on_problem = [](const index::RecordProblem& p) { std::cerr << p.to_string() << '\n'; };
    callbacks.on_progress = [tty](std::size_t n) {
        if (tty && n % 1000 == 0)
            std::cerr << "\rindexed " << n << " documents" << std::flush;
        else if (!tty && n % 100000 == 0)
            std::cerr << "fundus-index: indexed " << n << " documents\n";
    };
    const auto report = index::build_index(options, analyzer, gazetteer, callbacks);
    if (tty)
        std::cerr << '\r';
    if (!report_path.empty()) {
        std::ofstream out(report_path);
        out << report.to_json().dump(2) << '\n';
    }
    std::printf("fundus-index: generation %u: %zu indexed, %zu rejected, %zu warnings in %.2f s\n",
                report.generation, report.indexed, report.rejected, report.warnings, report.seconds);
    return report.rejected > 0 ? 1 : 0;
}

int run_status(const CommonOptions& common, bool json) {
    index::IndexDirectory dir(common.index_dir);
    const auto generations = dir.generations();
    if (json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& g : generations)
            out.push_back({{"generation", g.number}, {"current", g.current}, {"meta", g.meta}});
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    if (generations.empty()) {
        std::cout << "no generations in " << common.index_dir << '\n';
        return 0;
    }
    std::printf("%-3s %-10s %-22s %10s %9s\n", "", "generation", "built at", "documents", "rejected");
    for (const auto& g : generations)
        std::printf("%-3s %-10s %-22s %10s %9s\n", g.current ? "*" : "",
                    index::IndexDirectory::generation_name(g.number).c_str(),
                    g.meta.value("built_at", "?").c_str(),
                    std::to_string(g.meta.value("documents", 0)).c_str(),
                    std::to_string(g.meta.value("rejected", 0)).c_str());
    return 0;
}

int run_rollback(const CommonOptions& common) {
    index::WriterLock lock(common.index_dir);
    index::IndexDirectory dir(common.index_dir);
    const auto current = dir.current();
    if (!current)
        throw Error("rollback: " + common.index_dir + " has no current generation");
    const auto generations = dir.generations();
    const index::GenerationInfo* previous = nullptr;
    for (const auto& g : generations)
        if (g.number < current->number)
            previous = &g;
    if (previous == nullptr)
        throw Error("rollback: no generation older than " +
                    index::IndexDirectory::generation_name(current->number));
    dir.switch_to(previous->number);
    std::printf("fundus-index: current is now generation %s (was %s)\n",
                index::IndexDirectory::generation_name(previous->number).c_str(),
                index::IndexDirectory::generation_name(current->number).c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"fundus-index: builds and manages the Fundus search index.\n"
                 "Exit codes: 0 success, 1 some records rejected, 2 failed (previous index live)."};
    app.require_subcommand(1);
    CommonOptions common;
    auto add_common = [&](CLI::App* cmd) {
        cmd->add_option("--index", common.index_dir, "index directory")->capture_default_str();
        cmd->add_option("--data-dir", common.data_dir,
                        "folder with stopwords, lexicon additions, regions (default: built-in data/)");
        cmd->add_option("--lexicon", common.lexicon,
                        "word list for compound splitting (default /usr/share/dict/ngerman)");
    };

    std::vector<std::string> inputs;
    std::string format = "auto", report, mapping;
    unsigned keep = 3;
    bool quiet = false;
    auto* build = app.add_subcommand("build", "rebuild the whole index into a new generation");
    build->add_option("--input", inputs, "a file or directory of posts (repeatable)")->required();
    build->add_option("--format", format, "auto | jsonl | markdown | wxr | rss | atom | feed")
        ->capture_default_str();
    build->add_option("--mapping", mapping,
                      "front-matter field mapping for Markdown sources (YAML or JSON, docs/sources.md)");
    build->add_option("--report", report, "write a JSON report of the run to this file");
    build->add_option("--keep", keep, "generations to keep")->capture_default_str();
    build->add_flag("--quiet", quiet, "no progress output");
    add_common(build);

    bool json = false;
    auto* status = app.add_subcommand("status", "list generations with document counts and dates");
    status->add_flag("--json", json, "machine-readable output");
    add_common(status);

    auto* rollback = app.add_subcommand("rollback", "switch back to the previous generation");
    add_common(rollback);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    try {
        if (build->parsed())
            return run_build(common, inputs, format, mapping, report, keep, quiet);
        if (status->parsed())
            return run_status(common, json);
        if (rollback->parsed())
            return run_rollback(common);
    } catch (const std::exception& e) {
        std::cerr << "fundus-index: " << e.what() << "\nfundus-index: failed; the previous index is still live\n";
        return 2;
    }
    return 2;
}
