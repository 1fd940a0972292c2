// request_times: which requests are slow? Runs SearchService::search for every line of a query log
// and SearchService::related for every post id of a list, in-process on one thread, REPS times
// each, and prints the percentiles per kind and the slowest requests with the median of their
// times and what the answer was (total, counts exact or estimated, all or any words, did-you-mean).
// For finding the slow tail of bench/peers' wrk runs (docs/performance.md), not for throughput.
//   request_times --index DIR --queries bench/queries-gesetze.txt --ids CORPUS.ids
//                 [--related 500] [--reps 3] [--top 25] [--no-facets] [--no-cache]
//                 [--exact-count-limit N] [--max-postings N] [--dump FILE]
// --dump writes each search's answer with its facets, hits and their snippets, and each related
// list (post id, tab, the related ids best first), for comparing two builds or tunings.
#include "timing.h"
#include "tool_main.h"

#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>

namespace {

using namespace fundus;
using Clock = std::chrono::steady_clock;

struct Timed {
    std::string what;   ///< the query line or the post id
    std::string answer; ///< a short description of the result
    std::vector<double> ms;

    [[nodiscard]] double median() const {
        std::vector<double> s = ms;
        std::sort(s.begin(), s.end());
        return s[s.size() / 2];
    }
};

std::vector<std::string> lines_of(const std::string& file, std::size_t limit) {
    std::ifstream in(file);
    if (!in)
        throw Error("request_times: cannot read " + file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line) && out.size() < limit;)
        if (!line.empty())
            out.push_back(line);
    return out;
}

searchd::Params params_of(const std::string& line, bool facets) {
    const auto tab = line.find('\t');
    searchd::Params params{{"q", line.substr(0, tab)}};
    if (tab != std::string::npos) {
        std::string rest = line.substr(tab + 1);
        for (std::size_t from = 0; from <= rest.size();) {
            auto to = rest.find('&', from);
            if (to == std::string::npos)
                to = rest.size();
            const std::string pair = rest.substr(from, to - from);
            if (const auto eq = pair.find('='); eq != std::string::npos)
                params.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
            from = to + 1;
        }
    }
    if (!facets)
        params.emplace_back("facets", "false");
    return params;
}

void report(const char* kind, std::vector<Timed>& timed, std::size_t top) {
    std::vector<double> medians;
    double sum = 0;
    for (const auto& t : timed) {
        medians.push_back(t.median());
        sum += t.median();
    }
    std::printf("%s: %zu requests, medians of each: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, "
                "max %.2f ms, sum %.0f ms\n",
                kind, timed.size(), bench::percentile(medians, 0.50), bench::percentile(medians, 0.95),
                bench::percentile(medians, 0.99), bench::percentile(medians, 1.0), sum);
    std::sort(timed.begin(), timed.end(),
              [](const Timed& a, const Timed& b) { return a.median() > b.median(); });
    for (std::size_t i = 0; i < std::min(top, timed.size()); ++i)
        std::printf("  %8.2f ms  %-50s %s\n", timed[i].median(), timed[i].what.c_str(),
                    timed[i].answer.substr(0, timed[i].answer.find('\t')).c_str());
}

/// The facets (value:count) and the hits' ids of a search, for --dump.
std::string facets_and_hits(const searchd::SearchResult& r) {
    std::string out;
    auto facet = [&](const char* name, const std::vector<searchd::FacetValue>& values) {
        out += std::string(name) + '=';
        for (const auto& v : values)
            out += v.value + ':' + std::to_string(v.count) + ',';
        out += ' ';
    };
    facet("topic", r.facets.topic);
    facet("region", r.facets.region);
    facet("district", r.facets.district);
    facet("type", r.facets.type);
    facet("year", r.facets.year);
    out += "hits=";
    for (const auto& h : r.hits)
        out += h.id + ',';
    out += " snippets=";
    for (const auto& h : r.hits)
        out += h.snippet + '|';
    return out;
}

int run(int argc, char** argv) {
    CLI::App app{"request_times: the slowest searches of a query log and related lists of posts, "
                 "in-process, one thread"};
    std::string index_dir, queries, ids, dump_file;
    std::size_t related = 500, top = 25;
    unsigned reps = 3;
    bool no_facets = false, no_cache = false, no_value_table = false;
    searchd::RelatedTuning tuning;
    unsigned exact_count_limit = searchd::ServiceOptions{}.exact_count_limit;
    app.add_option("--index", index_dir, "a Fundus index directory")->required();
    app.add_option("--queries", queries, "a query log (bench/queries-*.txt); none: no searches");
    app.add_option("--ids", ids, "post ids, one a line; none: no related lists");
    app.add_option("--related", related, "how many ids of the list")->capture_default_str();
    app.add_option("--reps", reps, "times each request runs (after one warm-up)")
        ->capture_default_str();
    app.add_option("--top", top, "slowest requests listed per kind")->capture_default_str();
    app.add_flag("--no-facets", no_facets, "searches with facets=false");
    app.add_flag("--no-cache", no_cache,
                 "no related or spelling cache (the timed runs repeat the warm-up's requests)");
    app.add_flag("--no-value-table", no_value_table,
                 "read date and facet slots from the documents (IndexLayout::value_table false)");
    app.add_option("--exact-count-limit", exact_count_limit,
                   "ServiceOptions::exact_count_limit (0: always exact)")
        ->capture_default_str();
    app.add_option("--max-postings", tuning.max_postings,
                   "RelatedTuning::max_postings (0: no limit)")
        ->capture_default_str();
    app.add_option("--dump", dump_file,
                   "write the answers to this file (searches with facets and hits; related lists)");
    CLI11_PARSE(app, argc, argv);
    if (reps == 0)
        throw Error("request_times: --reps must be at least 1");

    const auto paths = analyzers::AnalyzerResources::default_paths();
    auto resources = analyzers::AnalyzerResources::load(paths);
    auto gazetteer = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(paths.data_dir / "regions"));
    searchd::ServiceOptions options;
    options.index_dir = index_dir;
    options.synonyms_file = paths.data_dir / "synonyms.txt";
    options.time_limit_seconds = 2.0; // fundus-searchd's default search_time_limit_ms
    options.related = tuning;
    options.exact_count_limit = exact_count_limit;
    options.layout.value_table = !no_value_table;
    if (no_cache) {
        options.related_cache_entries = 0;
        options.spelling_cache_entries = 0;
    }
    searchd::SearchService service(options, resources, gazetteer);
    std::printf("load average at the start: %s\n", bench::load_average().c_str());

    auto time_all = [&](std::vector<Timed>& timed,
                        const std::function<std::string(const std::string&)>& one) {
        for (auto& t : timed)
            t.answer = one(t.what); // warm-up
        for (unsigned rep = 0; rep < reps; ++rep)
            for (auto& t : timed) {
                const auto before = Clock::now();
                one(t.what);
                t.ms.push_back(
                    std::chrono::duration<double, std::milli>(Clock::now() - before).count());
            }
    };

    std::ofstream dump;
    if (!dump_file.empty())
        dump.open(dump_file);
    if (!queries.empty()) {
        std::vector<Timed> timed;
        for (auto& line : lines_of(queries, SIZE_MAX))
            timed.push_back({line, {}, {}});
        time_all(timed, [&](const std::string& line) {
            const auto request =
                searchd::parse_search_request(params_of(line, !no_facets), service.gazetteer());
            if (!request.ok())
                throw Error("request_times: bad request '" + line + "': " + request.error.message);
            const auto result = service.search(*request.value);
            if (!result.ok())
                throw Error("request_times: search '" + line + "' failed: " + result.error.message);
            const auto& r = *result.value;
            std::string answer = "total " + std::to_string(r.total) +
                                 (r.counts_exact ? "" : " (est.)") + ", " + r.matched +
                                 (r.did_you_mean ? ", did-you-mean " + *r.did_you_mean : "") +
                                 (r.corrected ? ", corrected" : "");
            if (dump.is_open())
                answer += '\t' + facets_and_hits(r);
            return answer;
        });
        for (const auto& t : timed)
            if (dump)
                dump << t.what << '\t' << t.answer << '\n';
        report("search", timed, top);
    }
    if (!ids.empty()) {
        std::vector<Timed> timed;
        for (auto& id : lines_of(ids, related))
            timed.push_back({id, {}, {}});
        time_all(timed, [&](const std::string& id) {
            searchd::RelatedRequest request;
            request.id = id;
            const auto result = service.related(request);
            if (!result.ok())
                throw Error("request_times: related '" + id + "' failed: " + result.error.message);
            std::string list;
            for (const auto& hit : result.value->hits)
                list += (list.empty() ? "" : " ") + hit.id;
            return list;
        });
        for (const auto& t : timed)
            if (dump)
                dump << t.what << '\t' << t.answer << '\n';
        report("related", timed, top);
    }
    std::printf("load average at the end: %s\n", bench::load_average().c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("request_times", [&] { return run(argc, argv); });
}
