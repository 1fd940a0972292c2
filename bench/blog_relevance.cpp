// bench/blog_relevance: search quality on the sample blog itself. Indexes data/corpus with
// fundus-index's library (build_index), asks SearchService the judged queries of
// bench/judged/blog-queries.jsonl (each with every post a reader would want, judged by reading the
// posts) and reports MRR@10, Recall@10 and zero results, overall and per kind of query, against
// plain Xapian defaults over the same posts' title, teaser and body text (TermGenerator +
// QueryParser with Stem("german"), STEM_SOME, default OR) in the same run. Where bench/relevance
// measures answer paragraphs of an external question set, this one measures what the blog's
// readers type. How to run it and the figures: docs/relevance.md.
#include "timing.h"
#include "tool_main.h"

#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/generations.h"
#include "fundus/index/index_builder.h"
#include "fundus/index/schema.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace fundus;
using bench::fixed;
namespace fs = std::filesystem;

struct Judged {
    std::string query;
    std::vector<std::string> relevant;
    std::string kind;
};

std::vector<Judged> read_queries(const fs::path& file) {
    std::ifstream in(file);
    if (!in)
        throw Error("cannot read " + file.string());
    std::vector<Judged> out;
    std::size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.empty())
            continue;
        const auto j = nlohmann::json::parse(line, nullptr, false);
        const std::string where = file.string() + ":" + std::to_string(line_number);
        if (!j.is_object() || !j.contains("query") || !j["query"].is_string() ||
            !j.contains("relevant") || !j["relevant"].is_array() || j["relevant"].empty())
            throw Error(where + ": expected {\"query\": text, \"relevant\": [ids], \"kind\": text}");
        Judged q{j["query"].get<std::string>(), {}, j.value("kind", "other")};
        for (const auto& id : j["relevant"])
            q.relevant.push_back(id.get<std::string>());
        out.push_back(std::move(q));
    }
    return out;
}

/// One system's answer to each query: the ids of its first ten hits.
using Answers = std::vector<std::vector<std::string>>;

struct Scores {
    double mrr = 0, recall = 0;
    std::size_t zero = 0, n = 0;
};

Scores score(const std::vector<Judged>& queries, const Answers& answers,
             const std::string& kind = "") {
    Scores s;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        if (!kind.empty() && queries[i].kind != kind)
            continue;
        const auto& hits = answers[i];
        const std::set<std::string> relevant(queries[i].relevant.begin(), queries[i].relevant.end());
        ++s.n;
        if (hits.empty())
            ++s.zero;
        for (std::size_t r = 0; r < hits.size(); ++r)
            if (relevant.contains(hits[r])) {
                s.mrr += 1.0 / static_cast<double>(r + 1);
                break;
            }
        std::size_t found = 0;
        for (const auto& id : hits)
            found += relevant.contains(id) ? 1 : 0;
        s.recall += static_cast<double>(found) / static_cast<double>(relevant.size());
    }
    if (s.n > 0) {
        s.mrr /= static_cast<double>(s.n);
        s.recall /= static_cast<double>(s.n);
    }
    return s;
}

Answers ask_fundus(searchd::SearchService& service, const std::vector<Judged>& queries) {
    Answers out;
    for (const auto& q : queries) {
        searchd::SearchRequest request;
        request.q = q.query;
        request.size = 10;
        request.facets = false;
        const auto outcome = service.search(request);
        if (!outcome.ok())
            throw Error("search \"" + q.query + "\": " + outcome.error.message);
        std::vector<std::string> ids;
        for (const auto& hit : outcome.value->hits)
            ids.push_back(hit.id);
        out.push_back(std::move(ids));
    }
    return out;
}

/// Plain Xapian defaults over the texts Fundus stored (title, teaser, body), in memory.
Answers ask_plain_xapian(const fs::path& fundus_db, const std::vector<Judged>& queries) {
    const Xapian::Database stored(fundus_db.string());
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("german"));
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    for (auto it = stored.postlist_begin(""); it != stored.postlist_end(""); ++it) {
        const auto data = nlohmann::json::parse(stored.get_document(*it).get_data());
        Xapian::Document doc;
        generator.set_document(doc);
        for (const char* field : {"title", "teaser", "body"}) {
            generator.index_text(data.value(field, ""));
            generator.increase_termpos();
        }
        doc.set_data(data.value("id", ""));
        db.add_document(doc);
    }
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("german"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    Answers out;
    for (const auto& q : queries) {
        enquire.set_query(parser.parse_query(q.query));
        std::vector<std::string> ids;
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto m = mset.begin(); m != mset.end(); ++m)
            ids.push_back(m.get_document().get_data());
        out.push_back(std::move(ids));
    }
    return out;
}

int run(int argc, char** argv) {
    CLI::App app{"blog_relevance: judged reader queries over the sample blog (data/corpus)"};
    const fs::path source = FUNDUS_BENCH_SOURCE_DIR;
    std::string queries_file = (source / "bench" / "judged" / "blog-queries.jsonl").string();
    std::string corpus = (source / "data" / "corpus").string(), per_query, out_file;
    app.add_option("--queries", queries_file, "judged queries (JSON Lines)")->capture_default_str();
    app.add_option("--corpus", corpus, "the posts (a file or folder fundus-index reads)")
        ->capture_default_str();
    app.add_option("--per-query", per_query, "write each query's ranks (TSV) to this file");
    app.add_option("--out", out_file, "also write the report (Markdown) to this file");
    CLI11_PARSE(app, argc, argv);

    const auto queries = read_queries(queries_file);
    auto paths = analyzers::AnalyzerResources::default_paths();
    auto resources = analyzers::AnalyzerResources::load(paths);
    auto gazetteer = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(paths.data_dir / "regions"));

    const fs::path work = fs::temp_directory_path() / ("fundus-blog-relevance-" + std::to_string(::getpid()));
    fs::remove_all(work);
    struct Cleanup {
        fs::path dir;
        ~Cleanup() { fs::remove_all(dir); }
    } cleanup{work};
    index::BuildOptions build;
    build.index_dir = work / "index";
    build.inputs.push_back({corpus, index::SourceFormat::automatic, {}});
    const auto report =
        index::build_index(build, analyzers::GermanAnalyzer(resources), *gazetteer);

    {
        // A judged id the corpus no longer has would count as a miss forever: refuse it.
        const Xapian::Database db(index::IndexDirectory::database_path(
                                      index::IndexDirectory(build.index_dir).current()->path)
                                      .string());
        for (const auto& q : queries)
            for (const auto& id : q.relevant)
                if (db.get_termfreq(std::string(index::schema::id) + id) == 0)
                    throw Error(queries_file + ": query \"" + q.query + "\" judges post " + id +
                                ", which " + corpus + " does not have");
    }
    searchd::ServiceOptions options;
    options.index_dir = build.index_dir;
    searchd::SearchService service(options, resources, gazetteer);
    const std::vector<std::pair<std::string, Answers>> systems = {
        {"Fundus", ask_fundus(service, queries)},
        {"plain Xapian defaults",
         ask_plain_xapian(index::IndexDirectory::database_path(
                              index::IndexDirectory(build.index_dir).current()->path),
                          queries)}};

    std::set<std::string> kinds;
    for (const auto& q : queries)
        kinds.insert(q.kind);
    std::string md = "Sample blog (" + corpus + "): " + std::to_string(report.documents) +
                     " posts, " + std::to_string(queries.size()) +
                     " judged queries (bench/judged/blog-queries.jsonl); top 10.\n\n";
    md += "| system | MRR@10 | Recall@10 | zero results |";
    for (const auto& k : kinds)
        md += " MRR@10 " + k + " |";
    md += "\n| --- | ---: | ---: | ---: |";
    for (std::size_t i = 0; i < kinds.size(); ++i)
        md += " ---: |";
    md += "\n";
    for (const auto& [name, answers] : systems) {
        const Scores all = score(queries, answers);
        md += "| " + name + " | " + fixed(all.mrr, 3) + " | " + fixed(100 * all.recall, 1) +
              " % | " + std::to_string(all.zero) + " |";
        for (const auto& k : kinds) {
            const Scores s = score(queries, answers, k);
            md += " " + fixed(s.mrr, 3) + " (" + std::to_string(s.n) + ") |";
        }
        md += "\n";
    }
    std::fputs(md.c_str(), stdout);
    if (!out_file.empty())
        std::ofstream(out_file) << md;
    if (!per_query.empty()) {
        std::ofstream tsv(per_query);
        tsv << "query\tkind\trelevant";
        for (const auto& [name, answers] : systems)
            tsv << "\trank " << name << "\ttop " << name;
        tsv << "\n";
        for (std::size_t i = 0; i < queries.size(); ++i) {
            tsv << queries[i].query << '\t' << queries[i].kind << '\t';
            for (std::size_t r = 0; r < queries[i].relevant.size(); ++r)
                tsv << (r ? "," : "") << queries[i].relevant[r];
            for (const auto& [name, answers] : systems) {
                const auto& hits = answers[i];
                std::size_t rank = 0;
                for (std::size_t r = 0; r < hits.size() && rank == 0; ++r)
                    if (std::find(queries[i].relevant.begin(), queries[i].relevant.end(),
                                  hits[r]) != queries[i].relevant.end())
                        rank = r + 1;
                tsv << '\t' << (rank == 0 ? std::string(">10") : std::to_string(rank)) << '\t'
                    << (hits.empty() ? std::string("-") : hits[0]);
            }
            tsv << "\n";
        }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("blog_relevance", [&] { return run(argc, argv); });
}
