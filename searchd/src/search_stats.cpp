#include "fundus/searchd/search_stats.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <vector>

namespace fundus::searchd {

namespace {

constexpr std::size_t max_query_text = 200;
constexpr std::size_t personal_digit_run = 6; ///< phone numbers, customer ids; not postcodes (5)
constexpr std::chrono::hours one_day{24};

std::string date_of(std::chrono::system_clock::time_point t) {
    const time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    ::gmtime_r(&seconds, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return buf;
}

bool looks_personal(std::string_view text) {
    if (text.find('@') != std::string_view::npos)
        return true;
    std::size_t run = 0;
    for (const char c : text) {
        run = std::isdigit(static_cast<unsigned char>(c)) != 0 ? run + 1 : 0;
        if (run >= personal_digit_run)
            return true;
    }
    return false;
}

/// Cuts `text` to at most `max` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string text, std::size_t max) {
    if (text.size() <= max)
        return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
    return text;
}

struct Ranked {
    std::string query;
    std::size_t count;
};

nlohmann::json top(std::vector<Ranked> items, std::size_t min_count, std::size_t limit) {
    std::erase_if(items, [&](const Ranked& r) { return r.count < min_count || r.count == 0; });
    std::sort(items.begin(), items.end(), [](const Ranked& a, const Ranked& b) {
        return a.count != b.count ? a.count > b.count : a.query < b.query;
    });
    if (items.size() > limit)
        items.resize(limit);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : items)
        out.push_back({{"query", r.query}, {"count", r.count}});
    return out;
}

} // namespace

SearchStats::SearchStats(StatsOptions options) : options_(options) {}

std::string SearchStats::normalise(std::string_view query) {
    if (!analyzers::is_valid_utf8(query))
        return {};
    std::string folded = analyzers::fold_case(query);
    std::string out;
    bool space = false;
    for (const char c : folded) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += c;
    }
    if (out.empty() || looks_personal(out))
        return {};
    return cut_utf8(std::move(out), max_query_text);
}

void SearchStats::record(std::string_view query, std::size_t total,
                         std::chrono::system_clock::time_point when) {
    const std::string text = normalise(query);
    const std::string date = date_of(when);
    std::lock_guard lock(mutex_);
    Day& day = days_[date];
    ++day.searches;
    if (total == 0)
        ++day.zero_results;
    if (!text.empty()) {
        auto it = day.queries.find(text);
        if (it == day.queries.end() && day.queries.size() < options_.max_queries_per_day)
            it = day.queries.emplace(text, QueryCount{}).first;
        if (it != day.queries.end()) {
            ++it->second.searches;
            if (total == 0)
                ++it->second.zero_results;
        }
    }
    changed_ = true;
    ++version_;
    prune(date_of(when - one_day * options_.keep_days));
}

std::vector<SearchedQuery> SearchStats::searched(std::string_view prefix_key, std::size_t limit,
                                                 unsigned days, unsigned min_count,
                                                 std::chrono::system_clock::time_point now) const {
    // A scan of a prefix's range is capped: a two-letter prefix can match thousands of texts.
    constexpr std::size_t max_scan = 5000;
    std::lock_guard lock(mutex_);
    const bool stale = version_ != snapshot_version_ &&
                       (snapshot_version_ == ~std::uint64_t{0} ||
                        now - snapshot_at_ >= options_.snapshot_seconds || now < snapshot_at_);
    if (stale || days != snapshot_days_ || min_count != snapshot_min_count_ ||
        date_of(now) != date_of(snapshot_at_)) {
        const std::string oldest = date_of(now - one_day * (days > 0 ? days - 1 : 0));
        std::map<std::string, QueryCount> totals;
        for (auto it = days_.lower_bound(oldest); it != days_.end(); ++it)
            for (const auto& [text, count] : it->second.queries) {
                QueryCount& total = totals[text];
                total.searches += count.searches;
                total.zero_results += count.zero_results;
            }
        snapshot_.clear();
        for (const auto& [text, total] : totals)
            if (total.searches >= std::max(min_count, 1U) && total.zero_results < total.searches)
                if (std::string key = index::region_key(text); !key.empty())
                    snapshot_.push_back({std::move(key), text, total.searches});
        std::sort(snapshot_.begin(), snapshot_.end(),
                  [](const SnapshotEntry& a, const SnapshotEntry& b) { return a.key < b.key; });
        snapshot_at_ = now;
        snapshot_days_ = days;
        snapshot_min_count_ = min_count;
        snapshot_version_ = version_;
    }
    std::vector<SearchedQuery> out;
    auto it = std::lower_bound(snapshot_.begin(), snapshot_.end(), prefix_key,
                               [](const SnapshotEntry& e, std::string_view k) { return e.key < k; });
    for (std::size_t scanned = 0; it != snapshot_.end() && it->key.starts_with(prefix_key) &&
                                  scanned < max_scan;
         ++it, ++scanned)
        out.push_back({it->query, it->count});
    const std::size_t keep = std::min(limit, out.size());
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                      [](const SearchedQuery& a, const SearchedQuery& b) {
                          return a.count != b.count ? a.count > b.count : a.query < b.query;
                      });
    out.resize(keep);
    return out;
}

void SearchStats::prune(const std::string& oldest_kept) {
    while (!days_.empty() && days_.begin()->first < oldest_kept)
        days_.erase(days_.begin());
}

nlohmann::json SearchStats::report(unsigned days, std::size_t limit,
                                   std::chrono::system_clock::time_point now) const {
    const std::string newest = date_of(now);
    const std::string oldest = date_of(now - one_day * (std::max(1U, days) - 1));
    nlohmann::json out = {{"min_count", options_.min_count}, {"from", oldest}, {"to", newest}};
    nlohmann::json list = nlohmann::json::array();
    std::map<std::string, QueryCount> period;
    std::size_t searches = 0, zero_results = 0;
    std::lock_guard lock(mutex_);
    for (auto it = days_.rbegin(); it != days_.rend(); ++it) {
        const auto& [date, day] = *it;
        if (date > newest || date < oldest)
            continue;
        std::vector<Ranked> searched, failed;
        for (const auto& [text, count] : day.queries) {
            searched.push_back({text, count.searches});
            failed.push_back({text, count.zero_results});
            period[text].searches += count.searches;
            period[text].zero_results += count.zero_results;
        }
        searches += day.searches;
        zero_results += day.zero_results;
        list.push_back({{"date", date},
                        {"searches", day.searches},
                        {"zero_result_searches", day.zero_results},
                        {"top_queries", top(searched, options_.min_count, limit)},
                        {"zero_result_queries", top(failed, options_.min_count, limit)}});
    }
    std::vector<Ranked> searched, failed;
    for (const auto& [text, count] : period) {
        searched.push_back({text, count.searches});
        failed.push_back({text, count.zero_results});
    }
    out["total"] = {{"searches", searches},
                    {"zero_result_searches", zero_results},
                    {"top_queries", top(searched, options_.min_count, limit)},
                    {"zero_result_queries", top(failed, options_.min_count, limit)}};
    out["days"] = std::move(list);
    return out;
}

void SearchStats::save(const std::filesystem::path& file) const {
    nlohmann::json days = nlohmann::json::object();
    {
        std::lock_guard lock(mutex_);
        for (const auto& [date, day] : days_) {
            nlohmann::json queries = nlohmann::json::object();
            for (const auto& [text, count] : day.queries)
                queries[text] = {count.searches, count.zero_results};
            days[date] = {{"searches", day.searches},
                          {"zero_results", day.zero_results},
                          {"queries", queries}};
        }
        changed_ = false;
    }
    const nlohmann::json doc = {{"format", "fundus-search-stats"}, {"version", 1}, {"days", days}};
    auto temp = file;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        if (!out)
            throw Error("SearchStats::save(): cannot write " + temp.string());
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (ec)
        throw Error("SearchStats::save(): cannot rename " + temp.string() + ": " + ec.message());
}

void SearchStats::load(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return;
    const nlohmann::json doc = nlohmann::json::parse(in, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() ||
        doc.value("format", "") != "fundus-search-stats" || !doc.contains("days") ||
        !doc["days"].is_object())
        throw Error("SearchStats::load(): " + file.string() + " is not a search statistics file");
    std::lock_guard lock(mutex_);
    try {
        for (const auto& [date, stored] : doc["days"].items()) {
            Day& day = days_[date];
            day.searches += stored.value("searches", std::size_t{0});
            day.zero_results += stored.value("zero_results", std::size_t{0});
            const nlohmann::json queries = stored.value("queries", nlohmann::json::object());
            for (const auto& [text, counts] : queries.items()) {
                QueryCount& q = day.queries[text];
                q.searches += counts.at(0).get<std::size_t>();
                q.zero_results += counts.at(1).get<std::size_t>();
            }
        }
        ++version_;
    } catch (const nlohmann::json::exception& e) {
        throw Error("SearchStats::load(): " + file.string() + ": " + e.what());
    }
}

bool SearchStats::changed() const {
    std::lock_guard lock(mutex_);
    return changed_;
}

} // namespace fundus::searchd
