// Retrieval metrics over ranked result lists, and the Markdown table the relevance benchmark
// prints. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fundus::bench {

/// The documents one query returned, best first (document numbers, at most the cut-off).
using RankedList = std::vector<std::size_t>;

struct Metrics {
    std::size_t queries = 0;
    double mrr_at_10 = 0;    ///< mean of 1/rank of the relevant document, 0 when not in the top 10
    double recall_at_1 = 0;  ///< share of queries whose relevant document is ranked first
    double recall_at_10 = 0; ///< share of queries whose relevant document is in the top 10
    double zero_results = 0; ///< share of queries that returned nothing
};

/// The 1-based rank of `relevant` in the first 10 entries of `list`, or nothing.
std::optional<std::size_t> rank_in_top_10(const RankedList& list, std::size_t relevant);

/// Metrics of `results[i]` against `relevant[i]`. Throws fundus::Error when the sizes differ.
Metrics evaluate(const std::vector<RankedList>& results, const std::vector<std::size_t>& relevant);

/// Reads ranked lists written by another program (the PostgreSQL peer): one line per query,
/// "QUERY<TAB>DOC DOC ...", query numbers 0..count-1, a query without hits has an empty list.
/// Throws fundus::Error naming the file and line when a line is malformed or a query is missing.
std::vector<RankedList> read_ranked_lists(const std::filesystem::path& file, std::size_t count);

/// One line of the results table; `metrics` empty means the system was skipped (`note` says why).
struct TableRow {
    std::string system;
    std::optional<Metrics> metrics;
    std::string note;
};

/// A Markdown table of `rows` with a Δ MRR@10 column against `reference` (full Fundus).
std::string markdown_table(const std::vector<TableRow>& rows, const Metrics& reference);

} // namespace fundus::bench
