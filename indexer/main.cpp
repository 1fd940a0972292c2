// fundus-index: builds and manages Fundus indexes. Exit codes: 0 success, 1 finished but some
// records were rejected, 2 failed (the previous index stays live).
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/hash.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/generations.h"
#include "fundus/index/index_builder.h"
#include "fundus/index/progress.h"
#include "fundus/index/remote_sources.h"
#include "fundus/index/shards.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace fundus;

struct CommonOptions {
    std::string index_dir = "index";
    std::string data_dir;
    std::string lexicon;
};

struct RunOptions {
    std::vector<std::string> inputs;
    std::string format = "auto";
    std::string mapping;
    std::string report_path;
    unsigned keep = 3;
    bool quiet = false;
    double max_delete_share = 0.2;
    bool allow_mass_delete = false;
    std::size_t commit_every = 20000;
    unsigned threads = 0; ///< 0: one per core, at most max_auto_threads
    unsigned shards = 0;  ///< 0: a single index (update: as many as DIR/shards.json names)
};

constexpr unsigned max_auto_threads = 4;

unsigned build_threads(unsigned requested) {
    if (requested > 0)
        return requested;
    return std::clamp(std::thread::hardware_concurrency(), 1U, max_auto_threads);
}

analyzers::ResourcePaths resource_paths(const CommonOptions& common) {
    auto paths = analyzers::AnalyzerResources::default_paths();
    if (!common.data_dir.empty())
        paths.data_dir = common.data_dir;
    if (!common.lexicon.empty())
        paths.lexicon = common.lexicon;
    return paths;
}

/// FNV-1a over the analysis rules' revision and the files the analysis depends on: an update
/// re-indexes everything when they changed since the generation it starts from.
std::string analysis_fingerprint(const analyzers::ResourcePaths& paths) {
    std::uint64_t h = fnv1a64_basis;
    auto mix = [&h](const char* data, std::size_t n) { h = fnv1a64({data, n}, h); };
    const std::string revision = "#rules " + std::to_string(analyzers::analysis_revision) + "\n";
    mix(revision.data(), revision.size());
    for (const auto& file :
         {paths.data_dir / "stopwords.txt", paths.data_dir / "lexicon-extra.txt",
          paths.data_dir / "compound-exceptions.txt", paths.data_dir / "verb-forms.txt",
          paths.data_dir / "plural-forms.txt", paths.lexicon}) {
        mix("\n#file\n", 7);
        std::ifstream in(file, std::ios::binary);
        char buf[1 << 16];
        while (in.read(buf, sizeof buf) || in.gcount() > 0)
            mix(buf, static_cast<std::size_t>(in.gcount()));
    }
    return hex64(h);
}

/// FUNDUS_TEST_PAUSE_AT=STAGE[:N] (for the kill -9 tests, undocumented on purpose): at the N-th
/// time the run reaches STAGE ("record" counts records, "commit" commits; "copied", "committed",
/// "finished"), say so on stderr and sleep, so that a test can kill the process right there.
class TestPause {
public:
    TestPause() {
        const char* spec = std::getenv("FUNDUS_TEST_PAUSE_AT");
        if (spec == nullptr || *spec == '\0')
            return;
        std::string s = spec;
        const auto colon = s.find(':');
        stage_ = s.substr(0, colon);
        if (colon != std::string::npos)
            n_ = std::strtoull(s.c_str() + colon + 1, nullptr, 10);
    }
    void at(std::string_view stage, std::size_t n) const {
        if (stage_.empty() || stage != stage_ || (n_ != 0 && n != n_))
            return;
        std::fprintf(stderr, "fundus-index: test pause at %s:%zu (pid %d)\n", stage_.c_str(), n,
                     static_cast<int>(::getpid()));
        std::fflush(stderr);
        std::this_thread::sleep_for(std::chrono::seconds(60));
    }

private:
    std::string stage_;
    std::size_t n_ = 0;
};

std::size_t current_documents(const std::string& index_dir) {
    const auto current = index::IndexDirectory(index_dir).current();
    return current ? current->meta.value("documents", std::size_t{0}) : 0;
}

void write_report(const std::string& path, const nlohmann::json& report) {
    std::ofstream out(path);
    out << report.dump(2) << '\n';
    if (!out.flush())
        throw Error("--report: cannot write " + path);
}

void print_summary(const index::BuildReport& report) {
    if (report.rebuilt)
        std::printf("fundus-index: generation %u %s: every post indexed afresh\n",
                    *report.base_generation,
                    report.rebuilt_because == "schema" ? "has another index schema"
                                                       : "was analysed differently");
    if (report.mode == "update" && report.base_generation)
        std::printf("fundus-index: generation %u (update of %u): %zu added, %zu changed, %zu unchanged, "
                    "%zu deleted, %zu rejected, %zu warnings; %zu documents in %.2f s\n",
                    report.generation, *report.base_generation, report.added, report.changed,
                    report.unchanged, report.deleted, report.rejected, report.warnings,
                    report.documents, report.seconds);
    else
        std::printf("fundus-index: generation %u: %zu indexed, %zu rejected, %zu warnings in %.2f s\n",
                    report.generation, report.indexed, report.rejected, report.warnings,
                    report.seconds);
}

void print_sharded_summary(const index::ShardedReport& sharded) {
    for (std::size_t k = 0; k < sharded.shards.size(); ++k) {
        std::printf("fundus-index: shard %zu: ", k);
        std::fflush(stdout);
        print_summary(sharded.shards[k]);
    }
    std::printf("fundus-index: spelling index generation %u\n", sharded.spelling_generation);
}

/// How many shards a run writes: --shards, or for an update without it what DIR/shards.json
/// says; 0 for a single index. A sharded DIR is never silently built as a single index.
unsigned shards_of(const CommonOptions& common, const RunOptions& run, bool update) {
    const unsigned existing = index::shard_count(common.index_dir);
    if (run.shards > 0)
        return run.shards;
    if (existing > 0 && update)
        return existing;
    if (existing > 0)
        throw Error("build: " + common.index_dir + " holds " + std::to_string(existing) +
                    " shards: pass --shards " + std::to_string(existing) + " (or another count)");
    return 0;
}

/// Names downloaded sources by their URLs instead of their local files, in problems and sources.
void name_by_urls(const index::RemoteSources& remote, index::BuildReport& report) {
    for (auto& p : report.problems) {
        p.where.file = remote.to_urls(std::move(p.where.file));
        p.message = remote.to_urls(std::move(p.message)); // "duplicate of FILE:LINE"
    }
    for (auto& source : report.sources)
        if (source.contains("path") && source["path"].is_string())
            source["path"] = remote.to_urls(source["path"].get<std::string>());
}

int run_index(const CommonOptions& common, const RunOptions& run, bool update) {
    const auto paths = resource_paths(common);
    analyzers::GermanAnalyzer analyzer(analyzers::AnalyzerResources::load(paths));
    const auto gazetteer = index::Gazetteer::load(paths.data_dir / "regions");
    index::BuildOptions options;
    options.index_dir = common.index_dir;
    options.keep_generations = run.keep;
    options.max_delete_share = run.max_delete_share;
    options.allow_mass_delete = run.allow_mass_delete;
    options.commit_every = run.commit_every;
    options.threads = build_threads(run.threads);
    options.analysis_fingerprint = analysis_fingerprint(paths);
    index::RemoteSources remote; // URLs are downloaded first; the downloads go at the end
    for (const auto& input : run.inputs) {
        std::filesystem::path path = input;
        if (index::RemoteSources::is_url(input)) {
            try {
                path = remote.fetch(input);
            } catch (const std::exception& e) {
                if (!run.report_path.empty())
                    write_report(run.report_path, {{"mode", update ? "update" : "build"},
                                                   {"failed", true},
                                                   {"error", e.what()}});
                throw; // exit 2: the live index stays as it is
            }
        }
        options.inputs.push_back({path, index::parse_source_format(run.format), run.mapping});
    }

    index::ProgressMeter::Options meter_options;
    meter_options.terminal = isatty(STDERR_FILENO) != 0;
    meter_options.expected = current_documents(common.index_dir);
    index::ProgressMeter meter(stderr, meter_options);
    const TestPause pause;
    index::BuildCallbacks callbacks;
    callbacks.on_problem = [&](const index::RecordProblem& p) {
        meter.message(remote.to_urls(p.to_string()));
    };
    callbacks.on_progress = [&](std::size_t n) {
        if (!run.quiet)
            meter.update(n);
        pause.at("record", n);
    };
    callbacks.on_stage = [&](std::string_view stage, std::size_t n) {
        if (!run.quiet && !meter_options.terminal && stage == "copied")
            meter.message("fundus-index: copied the current generation, applying changes");
        if (!run.quiet && !meter_options.terminal && stage == "committed")
            meter.message("fundus-index: committed and synced, switching");
        pause.at(stage, n);
    };
    try {
        // Ends the progress display, writes --report; exit code 1 when records were rejected.
        auto finish = [&](const auto& report_json, std::size_t rejected) {
            if (!run.quiet)
                meter.finish();
            if (!run.report_path.empty())
                write_report(run.report_path, report_json);
            return rejected > 0 ? 1 : 0;
        };
        const unsigned shards = shards_of(common, run, update);
        if (shards > 0) {
            auto sharded = index::index_shards(options, shards, update, analyzer, gazetteer, callbacks);
            for (auto& report : sharded.shards)
                name_by_urls(remote, report);
            const int code = finish(sharded.to_json(), sharded.shards.front().rejected);
            print_sharded_summary(sharded);
            return code;
        }
        auto report = update ? index::update_index(options, analyzer, gazetteer, callbacks)
                             : index::build_index(options, analyzer, gazetteer, callbacks);
        name_by_urls(remote, report);
        const int code = finish(report.to_json(), report.rejected);
        print_summary(report);
        return code;
    } catch (const std::exception& e) {
        meter.finish();
        if (!run.report_path.empty())
            write_report(run.report_path, {{"mode", update ? "update" : "build"},
                                           {"failed", true},
                                           {"error", e.what()}});
        throw;
    }
}

nlohmann::json writer_json(const std::optional<index::WriterInfo>& writer) {
    if (!writer)
        return nullptr;
    nlohmann::json j = {{"pid", writer->pid}, {"since", writer->since}};
    j["building"] = writer->building ? nlohmann::json(*writer->building) : nlohmann::json();
    return j;
}

void print_writer(const std::optional<index::WriterInfo>& writer) {
    if (!writer) {
        std::cout << "writer: none running\n";
        return;
    }
    std::cout << "writer: fundus-index pid " << writer->pid << " running since " << writer->since;
    if (writer->building)
        std::cout << ", writing generation "
                  << index::IndexDirectory::generation_name(*writer->building);
    std::cout << '\n';
}

nlohmann::json status_json(const std::string& index_dir) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& g : index::IndexDirectory(index_dir).generations())
        list.push_back({{"generation", g.number}, {"current", g.current}, {"meta", g.meta}});
    return {{"generations", list}, {"writer", writer_json(index::WriterLock::running(index_dir))}};
}

void print_status(const std::string& index_dir) {
    const auto generations = index::IndexDirectory(index_dir).generations();
    if (generations.empty())
        std::cout << "no generations in " << index_dir << '\n';
    else
        std::printf("%-3s %-10s %-22s %-6s %10s %9s\n", "", "generation", "built at", "mode",
                    "documents", "rejected");
    for (const auto& g : generations)
        std::printf("%-3s %-10s %-22s %-6s %10s %9s\n", g.current ? "*" : "",
                    index::IndexDirectory::generation_name(g.number).c_str(),
                    g.meta.value("built_at", "?").c_str(), g.meta.value("mode", "?").c_str(),
                    std::to_string(g.meta.value("documents", 0)).c_str(),
                    std::to_string(g.meta.value("rejected", 0)).c_str());
    std::fflush(stdout);
    print_writer(index::WriterLock::running(index_dir));
}

/// A single index's generations; for a sharded INDEX, each shard's and the spelling index's.
int run_status(const CommonOptions& common, bool json) {
    const unsigned shards = index::shard_count(common.index_dir);
    if (shards == 0) {
        if (json)
            std::cout << status_json(common.index_dir).dump(2) << '\n';
        else
            print_status(common.index_dir);
        return 0;
    }
    std::vector<std::string> dirs;
    for (unsigned k = 0; k < shards; ++k)
        dirs.push_back(index::shard_path(common.index_dir, k).string());
    dirs.push_back(index::spelling_path(common.index_dir).string());
    nlohmann::json list = nlohmann::json::array();
    for (const auto& dir : dirs) {
        if (json) {
            auto j = status_json(dir);
            j["index"] = dir;
            list.push_back(std::move(j));
        } else {
            std::cout << "== " << dir << '\n' << std::flush;
            print_status(dir);
        }
    }
    if (json)
        std::cout << nlohmann::json{{"shards", list}}.dump(2) << '\n';
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

/// A build merges its runs (small databases, about six open files each) at the end; a large
/// build can hold more than the usual soft limit of 1024 files open.
void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 65536);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        ::setrlimit(RLIMIT_NOFILE, &limit); // best effort: the build works below it, if smaller
    }
}

} // namespace

int main(int argc, char** argv) {
    raise_open_file_limit();
    CLI::App app{"fundus-index: builds and manages the Fundus search index.\n"
                 "Exit codes: 0 success, 1 some records rejected, 2 failed (previous index live)."};
    app.require_subcommand(1);
    CommonOptions common;
    const std::string default_data = analyzers::AnalyzerResources::default_paths().data_dir.string();
    auto add_common = [&](CLI::App* cmd) {
        cmd->add_option("--index", common.index_dir, "index directory")->capture_default_str();
        cmd->add_option("--data-dir", common.data_dir,
                        "folder with stopwords, lexicon additions, regions (default: " +
                            default_data + ")");
        cmd->add_option("--lexicon", common.lexicon,
                        "word list for compound splitting (default /usr/share/dict/ngerman)");
    };

    RunOptions run;
    auto add_run = [&](CLI::App* cmd) {
        cmd->add_option("--input", run.inputs, "a file or directory of posts, or an http(s) URL of a feed (repeatable)")->required();
        cmd->add_option("--format", run.format, "auto | jsonl | markdown | wxr | rss | atom | feed")
            ->capture_default_str();
        cmd->add_option("--mapping", run.mapping,
                        "front-matter field mapping for Markdown sources (YAML or JSON, docs/sources.md)");
        cmd->add_option("--report", run.report_path, "write a JSON report of the run to this file");
        cmd->add_option("--keep", run.keep, "generations to keep")->capture_default_str();
        cmd->add_option("--commit-every", run.commit_every, "documents per commit (bounds memory)")
            ->capture_default_str()
            ->check(CLI::PositiveNumber);
        cmd->add_flag("--quiet", run.quiet, "no progress output");
        add_common(cmd);
    };
    auto* build = app.add_subcommand("build", "rebuild the whole index into a new generation");
    add_run(build);
    build->add_option("--threads", run.threads,
                      "threads analysing and writing (default: one per core, at most 4)");
    build->add_option("--shards", run.shards,
                      "write N shards INDEX/shard-0..N-1 (post in shard FNV-1a-64(id) mod N) and "
                      "INDEX/spelling; docs/scaling.md")
        ->check(CLI::Range(1U, 1024U));
    auto* update = app.add_subcommand(
        "update", "copy the current generation, add new, re-index changed and delete removed posts");
    add_run(update);
    update->add_option("--max-delete-share", run.max_delete_share,
                       "refuse to delete more than this share of the documents")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    update->add_flag("--allow-mass-delete", run.allow_mass_delete,
                     "delete whatever share is gone from the sources");
    update->add_option("--shards", run.shards,
                       "the shard count of a sharded INDEX (default: what INDEX/shards.json says)")
        ->check(CLI::Range(1U, 1024U));

    bool json = false;
    auto* status = app.add_subcommand(
        "status", "list generations with document counts and dates, and a running writer");
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
        if (build->parsed() || update->parsed())
            return run_index(common, run, update->parsed());
        if (status->parsed())
            return run_status(common, json);
        if (rollback->parsed())
            return run_rollback(common);
    } catch (const std::exception& e) {
        std::cerr << "fundus-index: " << e.what()
                  << "\nfundus-index: failed; the previous index is still live\n";
        return 2;
    }
    return 2;
}
