#include "metrics.h"

#include "fundus/error.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace fundus::bench {

namespace {

std::string format(const char* pattern, double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, pattern, value);
    return buf;
}

std::string percent(double share) {
    return format("%.1f %%", 100.0 * share);
}

} // namespace

std::optional<std::size_t> rank_in_top_10(const RankedList& list, std::size_t relevant) {
    for (std::size_t i = 0; i < list.size() && i < 10; ++i)
        if (list[i] == relevant)
            return i + 1;
    return std::nullopt;
}

Metrics evaluate(const std::vector<RankedList>& results, const std::vector<std::size_t>& relevant) {
    if (results.size() != relevant.size())
        throw Error("evaluate(): " + std::to_string(results.size()) + " result lists for " +
                    std::to_string(relevant.size()) + " queries");
    Metrics m;
    m.queries = results.size();
    if (m.queries == 0)
        return m;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (results[i].empty())
            m.zero_results += 1;
        if (const auto rank = rank_in_top_10(results[i], relevant[i])) {
            m.mrr_at_10 += 1.0 / static_cast<double>(*rank);
            m.recall_at_10 += 1;
            if (*rank == 1)
                m.recall_at_1 += 1;
        }
    }
    const auto n = static_cast<double>(m.queries);
    m.mrr_at_10 /= n;
    m.recall_at_1 /= n;
    m.recall_at_10 /= n;
    m.zero_results /= n;
    return m;
}

std::vector<RankedList> read_ranked_lists(const std::filesystem::path& file, std::size_t count) {
    std::ifstream in(file);
    if (!in)
        throw Error("read_ranked_lists(): cannot read " + file.string());
    std::vector<RankedList> lists(count);
    std::vector<bool> seen(count, false);
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty())
            continue;
        const auto where = file.string() + ":" + std::to_string(number);
        const auto tab = line.find('\t');
        std::size_t query = 0;
        try {
            query = std::stoul(line.substr(0, tab));
        } catch (const std::exception&) {
            throw Error("read_ranked_lists(): " + where + ": bad query number");
        }
        if (query >= count || seen[query])
            throw Error("read_ranked_lists(): " + where + ": query " + std::to_string(query) +
                        " out of range or repeated");
        seen[query] = true;
        if (tab == std::string::npos)
            continue;
        std::istringstream docs(line.substr(tab + 1));
        std::size_t doc = 0;
        while (docs >> doc)
            lists[query].push_back(doc);
        if (!docs.eof())
            throw Error("read_ranked_lists(): " + where + ": bad document number");
    }
    for (std::size_t q = 0; q < count; ++q)
        if (!seen[q])
            throw Error("read_ranked_lists(): " + file.string() + ": no line for query " +
                        std::to_string(q));
    return lists;
}

std::string markdown_table(const std::vector<TableRow>& rows, const Metrics& reference) {
    std::string out =
        "| system | MRR@10 | Recall@1 | Recall@10 | zero results | Δ MRR@10 vs Fundus |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n";
    for (const auto& row : rows) {
        std::string system = row.system;
        if (!row.note.empty())
            system += " (" + row.note + ")";
        if (!row.metrics) {
            out += "| " + system + " | skipped | | | | |\n";
            continue;
        }
        const Metrics& m = *row.metrics;
        const double delta = m.mrr_at_10 - reference.mrr_at_10;
        const auto zero_count =
            static_cast<std::size_t>(m.zero_results * static_cast<double>(m.queries) + 0.5);
        out += "| " + system + " | " + format("%.3f", m.mrr_at_10) + " | " +
               percent(m.recall_at_1) + " | " + percent(m.recall_at_10) + " | " +
               percent(m.zero_results) + " (" + std::to_string(zero_count) + ") | " +
               format("%+.3f", delta) + " |\n";
    }
    return out;
}

} // namespace fundus::bench
