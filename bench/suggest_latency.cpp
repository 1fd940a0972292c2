// bench/suggest_latency: how fast /api/suggest answers over HTTP while someone types. Indexes the
// 10kGNAD articles like bench/related_quality (or reuses its --work folder), serves them with the
// real HttpServer on a loopback port, and sends the 1- to 5-letter prefixes of words drawn from
// the articles (as often as they occur there), plus 5-letter prefixes with one typo, over one
// keep-alive connection. Prints p50/p90/p99 per prefix length, for the measured rounds and for the
// warm-up round (cold cache). Figures in docs/discovery.md.
#include "corpus.h"
#include "related_corpus.h"
#include "timing.h"
#include "tool_main.h"

#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/http_server.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

namespace {

using namespace fundus;
using namespace fundus::bench;
namespace fs = std::filesystem;

/// The characters of a UTF-8 word (each a string of 1-4 bytes).
std::vector<std::string> characters_of(const std::string& word) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < word.size();) {
        std::size_t n = 1;
        while (i + n < word.size() && (static_cast<unsigned char>(word[i + n]) & 0xC0) == 0x80)
            ++n;
        out.push_back(word.substr(i, n));
        i += n;
    }
    return out;
}

bool is_letter_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC3;
}

/// Every word of at least 5 letters in the articles, as often as it occurs (lower-cased ASCII).
std::vector<std::string> word_occurrences(const std::vector<LabelledArticle>& articles) {
    std::vector<std::string> out;
    for (const auto& a : articles) {
        std::string word;
        auto flush = [&] {
            if (characters_of(word).size() >= 5)
                out.push_back(word);
            word.clear();
        };
        for (char ch : a.text) {
            const auto c = static_cast<unsigned char>(ch);
            if (is_letter_start(c) || (c >= 0x80 && !word.empty())) {
                word += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : ch;
            } else {
                flush();
            }
        }
        flush();
    }
    return out;
}

struct Query {
    std::string text;
    std::string group; ///< "1 letter", ..., "5 letters, one typo"
};

std::vector<Query> make_queries(const std::vector<std::string>& words, std::size_t count) {
    std::mt19937 rng(20260101);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    std::vector<Query> out;
    for (std::size_t i = 0; i < count; ++i) {
        const auto chars = characters_of(words[pick(rng)]);
        std::string prefix;
        for (std::size_t n = 1; n <= 5; ++n) {
            prefix += chars[n - 1];
            out.push_back({prefix, std::to_string(n) + (n == 1 ? " letter" : " letters")});
        }
        // One typo in the fourth letter: the 5-letter prefix with a letter changed.
        std::string typo;
        for (std::size_t n = 0; n < 5; ++n)
            typo += n == 3 ? (chars[n] == "x" ? "y" : "x") : chars[n];
        out.push_back({typo, "5 letters, one typo"});
    }
    return out;
}

int run(int argc, char** argv) {
    CLI::App app{"suggest_latency: /api/suggest latency over HTTP on the 10kGNAD index"};
    std::string corpora = default_corpora_dir().string(), work, out_file;
    std::size_t words = 400, rounds = 3;
    app.add_option("--corpora", corpora, "the shared corpora folder")->capture_default_str();
    app.add_option("--work", work,
                   "keep the index in this folder (default: a temporary one, removed)");
    app.add_option("--out", out_file, "also write the report (Markdown) to this file");
    app.add_option("--words", words, "words drawn from the articles")->capture_default_str();
    app.add_option("--rounds", rounds, "measured rounds over all prefixes (after one warm-up)")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    auto indexed = index_10kgnad(corpora, work, "suggest_latency");
    if (!indexed)
        return 0;
    const auto& [articles, work_dir, resources, gazetteer, index_dir] = *indexed;

    searchd::ServiceOptions options;
    options.index_dir = index_dir;
    searchd::SearchService service(options, resources, gazetteer);
    searchd::HttpOptions http;
    http.port = 0;
    http.threads = 2;
    searchd::HttpServer server(service, http);
    const int port = server.bind();
    std::thread serving([&] { server.serve(); });

    const auto queries = make_queries(word_occurrences(articles), words);
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    std::map<std::string, std::vector<double>> ms, cold;
    std::map<std::string, std::size_t> empty;
    for (std::size_t round = 0; round <= rounds; ++round) {
        for (const auto& q : queries) {
            const std::string path =
                "/api/suggest?size=8&q=" + httplib::detail::encode_query_param(q.text);
            const auto started = std::chrono::steady_clock::now();
            const auto res = client.Get(path.c_str());
            const double took = std::chrono::duration<double, std::milli>(
                                    std::chrono::steady_clock::now() - started)
                                    .count();
            if (!res || res->status != 200)
                throw Error("suggest_latency: GET " + path + " failed");
            if (round == 0) { // warm-up: a fresh searchd, the short-prefix cache filling
                cold[q.group].push_back(took);
                cold["all"].push_back(took);
                continue;
            }
            ms[q.group].push_back(took);
            ms["all"].push_back(took);
            if (round == 1 && nlohmann::json::parse(res->body)["suggestions"].empty())
                ++empty[q.group];
        }
    }
    server.stop();
    serving.join();

    std::ostringstream out;
    out << "/api/suggest?size=8 over HTTP (one keep-alive connection, loopback), 10kGNAD index ("
        << articles.size() << " articles); prefixes of " << words
        << " words drawn from the articles, " << rounds << " rounds after a warm-up.\n\n";
    out << "| prefix | requests | p50 ms | p90 ms | p99 ms | max ms | no suggestion |\n";
    out << "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (const auto& [group, values] : ms)
        out << "| " << group << " | " << values.size() << " | " << fixed(percentile(values, 0.5), 2)
            << " | " << fixed(percentile(values, 0.9), 2) << " | "
            << fixed(percentile(values, 0.99), 2) << " | " << fixed(percentile(values, 1.0), 2)
            << " | "
            << (group == "all" ? "–"
                               : std::to_string(empty[group]) + " of " +
                                     std::to_string(values.size() / rounds))
            << " |\n";
    out << "\nThe warm-up round (the first " << queries.size()
        << " requests after start, while the cache of 1- to 3-letter prefixes fills):\n\n";
    out << "| prefix | requests | p50 ms | p99 ms | max ms |\n| --- | ---: | ---: | ---: | ---: "
           "|\n";
    for (const auto& [group, values] : cold)
        out << "| " << group << " | " << values.size() << " | " << fixed(percentile(values, 0.5), 2)
            << " | " << fixed(percentile(values, 0.99), 2) << " | "
            << fixed(percentile(values, 1.0), 2) << " |\n";
    std::cout << out.str();
    if (!out_file.empty())
        std::ofstream(out_file) << out.str();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return fundus::bench::tool_main("suggest_latency", [&] { return run(argc, argv); });
}
