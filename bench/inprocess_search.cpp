// inprocess_search: the in-process peers of bench/peers. Runs the query log of bench/peers on the
// index fundus-searchd serves, without HTTP, at 1 and 2 threads, as three systems:
//   xapian       raw Xapian, the ceiling of what the engine can do: QueryParser with
//                Stem("german") and STEM_ALL (see below), default operator OR, the line's topic
//                filter as a boolean filter term, top 10 with a ValueCountMatchSpy per facet
//                slot (the five Fundus counts), exact counts (checkatleast = all documents) as
//                Fundus does, and the 10 hits' stored data read. No snippets, no spelling.
//   fundus       SearchService::search with the request parse_search_request makes of the
//                line's URL parameters: what /api/search does, minus HTTP and JSON.
//   fundus+json  the same plus to_json and dump of the result: /api/search minus HTTP only.
// Two more for finding where the time goes (--systems): xapian-nofacets (no match spies, no
// exact count: Xapian stops when it has the top 10) and fundus-nofacets (facets=false); and
// --facet-depth N, raw Xapian counting its facets over the first N matches only.
// STEM_ALL, not STEM_SOME: Fundus indexes unprefixed Snowball stems ("munch" for "München"),
// so STEM_SOME's Z-prefixed stems and unstemmed capitalised nouns would match almost nothing
// on this index and make the "ceiling" a measure of empty results.
// A run is one pass over the whole log (every query once, shared by the threads, each with its
// own database handle): queries differ a hundredfold in cost, and a timed run would measure
// whichever queries fit in. Figures per (system, threads, rep) as JSON lines: queries/s and
// latency percentiles; bench/peers_pass.py makes the same passes over HTTP. Figures and method:
// docs/performance.md.
#include "related_corpus.h"
#include "timing.h"
#include "tool_main.h"

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"
#include "fundus/searchd/json_output.h"
#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <thread>

namespace {

using namespace fundus;
using Clock = std::chrono::steady_clock;

/// One line of the query log: the text and its filters ("topic=Inland&year=2020").
struct LogLine {
    std::string q;
    searchd::Params filters;
};

std::vector<LogLine> read_log(const std::string& file) {
    std::ifstream in(file);
    if (!in)
        throw Error("read_log(): cannot read " + file);
    std::vector<LogLine> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty())
            continue;
        const auto tab = line.find('\t');
        LogLine entry{line.substr(0, tab), {}};
        std::istringstream filters(tab == std::string::npos ? "" : line.substr(tab + 1));
        for (std::string pair; std::getline(filters, pair, '&');) {
            const auto eq = pair.find('=');
            if (eq != std::string::npos)
                entry.filters.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
        }
        out.push_back(std::move(entry));
    }
    if (out.empty())
        throw Error("read_log(): no queries in " + file);
    return out;
}

/// Runs one query; returns the number of matches (estimated) so that empty results are counted.
using Runner = std::function<std::size_t(const LogLine&)>;

/// The raw Xapian peer; one per thread (Database and QueryParser are not thread-safe).
class RawXapian {
public:
    RawXapian(const std::filesystem::path& db, bool facets, Xapian::doccount facet_depth)
        : db_(db.string()), facets_(facets),
          check_at_least_(facet_depth == 0 ? db_.get_doccount() : facet_depth) {
        parser_.set_stemmer(Xapian::Stem("german"));
        parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
        parser_.set_default_op(Xapian::Query::OP_OR);
        parser_.set_database(db_);
    }

    std::size_t operator()(const LogLine& line) {
        Xapian::Query query;
        try {
            query = parser_.parse_query(line.q, Xapian::QueryParser::FLAG_DEFAULT);
        } catch (const Xapian::QueryParserError&) {
            return 0;
        }
        for (const auto& [name, value] : line.filters)
            if (name == "topic")
                query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      Xapian::Query(std::string(index::schema::topic) +
                                                    index::schema::boolean_key(value)));
        Xapian::Enquire enquire(db_);
        enquire.set_query(query);
        namespace schema = index::schema;
        Xapian::ValueCountMatchSpy spies[] = {
            Xapian::ValueCountMatchSpy(schema::slot_topics), Xapian::ValueCountMatchSpy(schema::slot_state),
            Xapian::ValueCountMatchSpy(schema::slot_district), Xapian::ValueCountMatchSpy(schema::slot_type),
            Xapian::ValueCountMatchSpy(schema::slot_year)};
        if (facets_)
            for (auto& spy : spies)
                enquire.add_matchspy(&spy);
        const Xapian::MSet mset = enquire.get_mset(0, 10, facets_ ? check_at_least_ : 0);
        std::size_t bytes = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it)
            bytes += it.get_document().get_data().size();
        for (auto& spy : spies)
            for (auto v = spy.top_values_begin(10); v != spy.top_values_end(10); ++v)
                bytes += (*v).size();
        sink_ += bytes;
        return mset.get_matches_estimated();
    }

private:
    Xapian::Database db_;
    Xapian::QueryParser parser_;
    bool facets_;
    Xapian::doccount check_at_least_; ///< matches counted for the facets
    std::size_t sink_ = 0; ///< keeps the reads from being optimised away
};

Runner fundus_runner(searchd::SearchService& service, bool json, bool facets) {
    return [&service, json, facets](const LogLine& line) -> std::size_t {
        searchd::Params params = line.filters;
        params.emplace_back("q", line.q);
        if (!facets)
            params.emplace_back("facets", "false");
        const auto request = searchd::parse_search_request(params, service.gazetteer());
        if (!request.ok())
            throw Error("inprocess_search: bad request '" + line.q + "': " + request.error.message);
        const auto result = service.search(*request.value);
        if (!result.ok())
            throw Error("inprocess_search: search failed for '" + line.q + "': " + result.error.message);
        if (json && searchd::dump(searchd::to_json(*result.value)).empty())
            throw Error("inprocess_search: empty JSON");
        return result.value->total;
    };
}

struct Figures {
    std::size_t queries = 0;
    double seconds = 0;
    std::vector<double> latency_ms;
};

/// One pass over `log`: every query once, taken in order by `threads` threads (each with its own
/// runner) from a shared counter, so that every run measures the same queries however fast it is.
Figures measure(const std::function<Runner()>& make_runner, const std::vector<LogLine>& log,
                unsigned threads) {
    std::vector<Runner> runners;
    for (unsigned t = 0; t < threads; ++t)
        runners.push_back(make_runner());
    std::vector<std::vector<double>> latencies(threads);
    std::atomic<std::size_t> next = 0;
    const auto start = Clock::now();
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                for (std::size_t i = next++; i < log.size(); i = next++) {
                    const auto before = Clock::now();
                    runners[t](log[i]);
                    latencies[t].push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - before).count());
                }
            });
    }
    Figures out;
    out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& l : latencies)
        out.latency_ms.insert(out.latency_ms.end(), l.begin(), l.end());
    out.queries = out.latency_ms.size();
    return out;
}

int run(int argc, char** argv) {
    CLI::App app{"inprocess_search: the query log of bench/peers in-process: raw Xapian, Fundus's "
                 "SearchService, and SearchService + JSON"};
    std::string index_dir, queries, out_file;
    std::vector<unsigned> threads{1, 2};
    std::vector<std::string> systems{"xapian", "fundus", "fundus+json"};
    unsigned reps = 3;
    Xapian::doccount facet_depth = 0;
    app.add_option("--index", index_dir, "a Fundus index directory (fundus-index build)")->required();
    app.add_option("--queries", queries, "the query log (bench/queries-*.txt)")->required();
    app.add_option("--threads", threads, "thread counts")->delimiter(',')->capture_default_str();
    app.add_option("--systems", systems,
                   "xapian, fundus, fundus+json, xapian-nofacets, fundus-nofacets")
        ->delimiter(',')
        ->capture_default_str();
    app.add_option("--reps", reps, "passes over the log per system and thread count")
        ->capture_default_str();
    app.add_option("--facet-depth", facet_depth,
                   "raw Xapian: count facets over the first N matches (checkatleast; 0: all, as "
                   "Fundus does)")
        ->capture_default_str();
    app.add_option("--out", out_file, "append the JSON lines to this file too");
    CLI11_PARSE(app, argc, argv);

    const auto log = read_log(queries);
    const auto paths = analyzers::AnalyzerResources::default_paths();
    auto resources = analyzers::AnalyzerResources::load(paths);
    auto gazetteer = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(paths.data_dir / "regions"));
    searchd::ServiceOptions options;
    options.index_dir = index_dir;
    options.synonyms_file = paths.data_dir / "synonyms.txt";
    options.time_limit_seconds = 2.0; // fundus-searchd's default search_time_limit_ms
    searchd::SearchService service(options, resources, gazetteer);
    const auto db_path = index::IndexDirectory::database_path(service.reader().generation()->path);

    std::ofstream out;
    if (!out_file.empty())
        out.open(out_file, std::ios::app);
    for (const auto& system : systems) {
        std::function<Runner()> make_runner;
        const bool facets = !system.ends_with("-nofacets");
        if (system == "xapian" || system == "xapian-nofacets")
            make_runner = [&] { return Runner(RawXapian(db_path, facets, facet_depth)); };
        else if (system == "fundus" || system == "fundus+json" || system == "fundus-nofacets")
            make_runner = [&, json = system == "fundus+json"] {
                return fundus_runner(service, json, facets);
            };
        else
            throw Error("inprocess_search: unknown system '" + system + "'");
        // Warm-up: one pass over the whole log, counting the queries that find nothing.
        auto runner = make_runner();
        std::size_t empty = 0;
        for (const auto& line : log)
            empty += runner(line) == 0 ? 1 : 0;
        for (const unsigned t : threads)
            for (unsigned rep = 1; rep <= reps; ++rep) {
                const auto f = measure(make_runner, log, t);
                char line[512];
                std::snprintf(line, sizeof line,
                              "{\"system\":\"%s\",\"threads\":%u,\"rep\":%u,\"queries\":%zu,"
                              "\"seconds\":%.3f,\"qps\":%.1f,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
                              "\"p99_ms\":%.3f,\"empty_queries\":%zu,\"log_queries\":%zu,"
                              "\"load\":\"%s\"}",
                              system.c_str(), t, rep, f.queries, f.seconds,
                              static_cast<double>(f.queries) / f.seconds,
                              bench::percentile(f.latency_ms, 0.50),
                              bench::percentile(f.latency_ms, 0.95),
                              bench::percentile(f.latency_ms, 0.99), empty, log.size(),
                              bench::load_average().c_str());
                std::cout << line << std::endl;
                if (out)
                    out << line << '\n';
            }
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("inprocess_search", [&] { return run(argc, argv); });
}
