#include "fundus/index/index_builder.h"

#include "fundus/index/document_builder.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"

#include <xapian.h>

#include <chrono>
#include <ctime>
#include <unordered_map>

namespace fundus::index {

namespace {

std::string now_iso8601() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// Writes each valid post into the database and tracks ids, counts and problems.
class IndexingSink final : public RecordSink {
public:
    IndexingSink(Xapian::WritableDatabase& db, DocumentBuilder& builder, const BuildOptions& options,
                 const BuildCallbacks& callbacks, BuildReport& report)
        : db_(db), builder_(builder), options_(options), callbacks_(callbacks), report_(report) {}

    void start_source() { indexed_in_source_ = rejected_in_source_ = 0; }
    [[nodiscard]] std::size_t indexed_in_source() const { return indexed_in_source_; }
    [[nodiscard]] std::size_t rejected_in_source() const { return rejected_in_source_; }

    void post(Post&& post, const SourceLocation& where) override {
        auto [it, inserted] = seen_.try_emplace(post.id, where);
        if (!inserted) {
            problem({where, "id",
                     "duplicate of " + it->second.file + ":" + std::to_string(it->second.line),
                     false});
            return;
        }
        spelling_.clear();
        Xapian::Document doc = builder_.build(post, options_.spelling ? &spelling_ : nullptr);
        db_.add_document(doc);
        for (const auto& word : spelling_)
            db_.add_spelling(word);
        ++report_.indexed;
        ++indexed_in_source_;
        if (report_.indexed % options_.commit_every == 0)
            db_.commit();
        if (callbacks_.on_progress)
            callbacks_.on_progress(report_.indexed);
    }

    void problem(const RecordProblem& p) override {
        if (p.warning) {
            ++report_.warnings;
        } else {
            ++report_.rejected;
            ++rejected_in_source_;
        }
        report_.problems.push_back(p);
        if (callbacks_.on_problem)
            callbacks_.on_problem(p);
    }

private:
    Xapian::WritableDatabase& db_;
    DocumentBuilder& builder_;
    const BuildOptions& options_;
    const BuildCallbacks& callbacks_;
    BuildReport& report_;
    std::unordered_map<std::string, SourceLocation> seen_;
    std::vector<std::string> spelling_;
    std::size_t indexed_in_source_ = 0;
    std::size_t rejected_in_source_ = 0;
};

} // namespace

nlohmann::json BuildReport::to_json() const {
    nlohmann::json problems_json = nlohmann::json::array();
    for (const auto& p : problems)
        problems_json.push_back({{"file", p.where.file},
                                 {"line", p.where.line},
                                 {"field", p.field},
                                 {"message", p.message},
                                 {"severity", p.warning ? "warning" : "error"}});
    return {{"generation", generation}, {"indexed", indexed},   {"rejected", rejected},
            {"warnings", warnings},     {"seconds", seconds},   {"sources", sources},
            {"problems", problems_json}};
}

BuildReport build_index(const BuildOptions& options, const analyzers::GermanAnalyzer& analyzer,
                        const Gazetteer& gazetteer, const BuildCallbacks& callbacks) {
    const auto started = std::chrono::steady_clock::now();
    WriterLock lock(options.index_dir);
    IndexDirectory dir(options.index_dir);
    BuildReport report;
    auto [number, staging] = dir.begin_generation();
    report.generation = number;
    {
        Xapian::WritableDatabase db(IndexDirectory::database_path(staging).string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.set_metadata(std::string(schema::meta_schema_version), std::string(schema::schema_version));
        DocumentBuilder builder(analyzer);
        PostValidator validator(gazetteer);
        IndexingSink sink(db, builder, options, callbacks, report);
        for (const auto& input : options.inputs) {
            sink.start_source();
            read_source(input.path, input.format, validator, sink, input.mapping);
            report.sources.push_back({{"path", input.path.string()},
                                      {"indexed", sink.indexed_in_source()},
                                      {"rejected", sink.rejected_in_source()}});
        }
        db.commit(); // Xapian fsyncs the tables on commit
        db.close();
    }
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    dir.publish(number, {{"generation", number},
                         {"built_at", now_iso8601()},
                         {"documents", report.indexed},
                         {"rejected", report.rejected},
                         {"mode", "build"},
                         {"seconds", report.seconds},
                         {"sources", report.sources}});
    dir.prune(options.keep_generations);
    return report;
}

} // namespace fundus::index
