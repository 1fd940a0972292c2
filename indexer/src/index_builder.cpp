#include "fundus/index/index_builder.h"

#include "database_copy.h"
#include "indexing_sink.h"
#include "sharded_build.h"

#include "fundus/error.h"
#include "fundus/index/document_builder.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"

#include <xapian.h>

#include <chrono>
#include <cmath>
#include <ctime>

namespace fundus::index {

namespace {

using detail::IndexingSink;
using detail::ShardedBuild;
using Clock = std::chrono::steady_clock;

constexpr std::string_view meta_analysis = "fundus.analysis";

void stage(const BuildCallbacks& callbacks, std::string_view name, std::size_t n = 0) {
    if (callbacks.on_stage)
        callbacks.on_stage(name, n);
}

void read_all(const BuildOptions& options, const PostValidator& validator, IndexingSink& sink) {
    for (const auto& input : options.inputs) {
        sink.start_source(input.path);
        read_source(input.path, input.format, validator, sink, input.mapping);
        sink.end_source();
    }
}

std::vector<std::pair<std::string, std::string>> metadata_of(const BuildOptions& options) {
    return {{std::string(schema::meta_schema_version), std::string(schema::schema_version)},
            {std::string(meta_analysis), options.analysis_fingerprint}};
}

void write_metadata(Xapian::WritableDatabase& db, const BuildOptions& options) {
    for (const auto& [key, value] : metadata_of(options))
        db.set_metadata(key, value);
}

nlohmann::json generation_meta(const BuildReport& report, const BuildOptions& options) {
    nlohmann::json meta = {{"generation", report.generation},
                           {"built_at", utc_now_iso8601()},
                           {"documents", report.documents},
                           {"indexed", report.indexed},
                           {"rejected", report.rejected},
                           {"mode", report.mode},
                           {"seconds", report.seconds},
                           {"sources", report.sources},
                           {"added", report.added},
                           {"changed", report.changed},
                           {"unchanged", report.unchanged},
                           {"deleted", report.deleted},
                           {"schema", schema::schema_version},
                           {"analysis", options.analysis_fingerprint}};
    if (report.base_generation)
        meta["base_generation"] = *report.base_generation;
    return meta;
}

/// Writes generation.json, switches `current`, prunes.
void publish(IndexDirectory& dir, BuildReport& report, const BuildOptions& options,
             const BuildCallbacks& callbacks, Clock::time_point started) {
    stage(callbacks, "committed");
    report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    dir.finish_generation(report.generation, generation_meta(report, options));
    stage(callbacks, "finished");
    dir.switch_to(report.generation);
    stage(callbacks, "switched");
    dir.prune(options.keep_generations);
}

/// Commits the last batch (Xapian fsyncs the tables on commit), then publishes.
void finish(Xapian::WritableDatabase& db, IndexingSink& sink, IndexDirectory& dir,
            BuildReport& report, const BuildOptions& options, const BuildCallbacks& callbacks,
            Clock::time_point started) {
    write_metadata(db, options);
    sink.commit();
    report.documents = db.get_doccount();
    db.close();
    publish(dir, report, options, callbacks, started);
}

void guard_deletions(std::size_t missing, std::size_t before, const BuildOptions& options);

/// `replacing`: the ids of the generation a rebuilt `update` replaces; those the new database
/// lacks are its deletions, held to the mass-delete guard before anything is switched.
BuildReport build_locked(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                         const Gazetteer& gazetteer, const BuildCallbacks& callbacks,
                         IndexDirectory& dir, Clock::time_point started,
                         const std::vector<std::string>* replacing = nullptr) {
    BuildReport report;
    auto [number, staging] = dir.begin_generation();
    report.generation = number;
    try {
        const auto db_path = IndexDirectory::database_path(staging);
        DocumentBuilder builder(analyzer);
        PostValidator validator(gazetteer);
        // Also with one thread: the worker writes runs while this thread reads and validates.
        ShardedBuild shards(staging, options.threads, analyzer, options, callbacks,
                            metadata_of(options));
        IndexingSink sink(shards, builder, options, callbacks, report);
        read_all(options, validator, sink);
        shards.finish(db_path);
        const Xapian::Database built(db_path.string());
        report.documents = built.get_doccount();
        if (replacing != nullptr) {
            const std::string prefix(schema::id);
            for (const auto& id : *replacing)
                if (built.get_termfreq(prefix + id) == 0)
                    report.deleted_ids.push_back(id);
            report.deleted = report.deleted_ids.size();
            guard_deletions(report.deleted, replacing->size(), options);
            report.changed = replacing->size() - report.deleted; // indexed afresh, all of them
            report.added = report.documents - report.changed;
        }
        publish(dir, report, options, callbacks, started);
    } catch (...) {
        dir.abandon_generation(number);
        throw;
    }
    return report;
}

void check_options(const BuildOptions& options) {
    if (!(options.max_delete_share >= 0.0 && options.max_delete_share <= 1.0))
        throw Error("update_index(): max_delete_share must be between 0 and 1, not " +
                    std::to_string(options.max_delete_share));
    if (options.commit_every == 0)
        throw Error("build_index(): commit_every must be at least 1");
    if (options.flush_every == 0)
        throw Error("build_index(): flush_every must be at least 1");
    if (options.threads == 0)
        throw Error("build_index(): threads must be at least 1");
}

void guard_deletions(std::size_t missing, std::size_t before, const BuildOptions& options) {
    if (options.allow_mass_delete || missing == 0)
        return;
    const double allowed = options.max_delete_share * static_cast<double>(before);
    if (static_cast<double>(missing) <= allowed)
        return;
    const auto percent = [](double share) { return std::to_string(std::lround(share * 100)) + "%"; };
    throw Error("update_index(): the sources no longer have " + std::to_string(missing) + " of the " +
                std::to_string(before) + " documents (" +
                percent(static_cast<double>(missing) / static_cast<double>(before)) +
                "), more than the allowed share of " + percent(options.max_delete_share) +
                "; nothing was changed. If the export is right, run again with "
                "--allow-mass-delete (or a larger --max-delete-share)");
}

} // namespace

nlohmann::json BuildReport::to_json() const {
    nlohmann::json problems_json = nlohmann::json::array();
    for (const auto& p : problems)
        problems_json.push_back({{"file", p.where.file},
                                 {"line", p.where.line},
                                 {"field", p.field},
                                 {"message", p.message},
                                 {"severity", p.warning ? "warning" : "error"}});
    nlohmann::json j = {{"mode", mode},         {"generation", generation},
                        {"indexed", indexed},   {"documents", documents},
                        {"rejected", rejected}, {"warnings", warnings},
                        {"added", added},       {"changed", changed},
                        {"unchanged", unchanged}, {"deleted", deleted},
                        {"deleted_ids", deleted_ids}, {"seconds", seconds},
                        {"sources", sources},   {"problems", problems_json}};
    j["base_generation"] = base_generation ? nlohmann::json(*base_generation) : nlohmann::json();
    if (reanalysed)
        j["reanalysed"] = true;
    if (rebuilt) {
        j["rebuilt"] = true;
        j["rebuilt_because"] = rebuilt_because;
    }
    return j;
}

BuildReport build_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                        const Gazetteer& gazetteer, const BuildCallbacks& callbacks) {
    const auto started = Clock::now();
    check_options(options);
    WriterLock lock(options.index_dir);
    IndexDirectory dir(options.index_dir);
    return build_locked(options, analyzer, gazetteer, callbacks, dir, started);
}

BuildReport update_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                         const Gazetteer& gazetteer, const BuildCallbacks& callbacks) {
    const auto started = Clock::now();
    check_options(options);
    WriterLock lock(options.index_dir);
    IndexDirectory dir(options.index_dir);
    const auto base = dir.current();
    if (!base) {
        auto report = build_locked(options, analyzer, gazetteer, callbacks, dir, started);
        report.mode = "update";
        return report;
    }
    // Written by a Fundus whose documents had another shape, or analysed differently: every post
    // is indexed afresh from the sources, as `build` does (on all its threads, into a new
    // database: re-indexing each post in a copy took 1.5 times as long), and the posts the
    // sources lost still count against the mass-delete guard.
    std::string rebuild_because;
    std::vector<std::string> ids;
    {
        const Xapian::Database current(IndexDirectory::database_path(base->path).string());
        if (current.get_metadata(std::string(schema::meta_schema_version)) !=
            schema::schema_version)
            rebuild_because = "schema";
        else if (current.get_metadata(std::string(meta_analysis)) != options.analysis_fingerprint)
            rebuild_because = "analysis";
        if (!rebuild_because.empty())
            ids = detail::document_ids(current);
    }
    if (!rebuild_because.empty()) {
        auto report = build_locked(options, analyzer, gazetteer, callbacks, dir, started, &ids);
        report.mode = "update";
        report.base_generation = base->number;
        report.reanalysed = true;
        report.rebuilt = true;
        report.rebuilt_because = rebuild_because;
        return report;
    }
    BuildReport report;
    report.mode = "update";
    report.base_generation = base->number;
    auto [number, staging] = dir.begin_generation();
    report.generation = number;
    try {
        const auto db_path = IndexDirectory::database_path(staging);
        detail::copy_database(IndexDirectory::database_path(base->path), db_path);
        stage(callbacks, "copied");
        Xapian::WritableDatabase db(db_path.string(), Xapian::DB_OPEN | Xapian::DB_BACKEND_GLASS);
        const std::size_t before = db.get_doccount();
        DocumentBuilder builder(analyzer);
        PostValidator validator(gazetteer);
        IndexingSink sink(db, builder, options, callbacks, report);
        read_all(options, validator, sink);
        const auto missing = sink.missing_ids();
        guard_deletions(missing.size(), before, options);
        for (const auto& id : missing)
            sink.delete_document(id);
        finish(db, sink, dir, report, options, callbacks, started);
    } catch (...) {
        dir.abandon_generation(number);
        throw;
    }
    return report;
}

} // namespace fundus::index
