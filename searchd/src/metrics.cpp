#include "fundus/searchd/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace fundus::searchd {

namespace {

/// Escapes a label value: backslash, double quote and line feed.
std::string label(std::string_view value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

/// The shortest text that reads back as `value` ("0.005", not "0.0050000000000000001").
std::string number(double value) {
    char buf[64];
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
        return buf;
    }
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, value);
        if (std::strtod(buf, nullptr) == value)
            break;
    }
    return buf;
}

void header(std::ostringstream& out, const char* name, const char* type, const char* help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

void gauge(std::ostringstream& out, const char* name, const char* help, double value) {
    header(out, name, "gauge", help);
    out << name << ' ' << number(value) << '\n';
}

std::optional<double> resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long pages_total = 0, pages_resident = 0;
    if (!(statm >> pages_total >> pages_resident))
        return std::nullopt;
    return static_cast<double>(pages_resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

void render_index(std::ostringstream& out, const IndexState& index,
                  std::chrono::system_clock::time_point now) {
    gauge(out, "fundus_index_generation", "Number of the index generation being served.",
          index.generation);
    gauge(out, "fundus_index_documents", "Documents in the index generation being served.",
          static_cast<double>(index.documents));
    gauge(out, "fundus_index_value_table_bytes",
          "Memory of the date and facet values held for the generation being served.",
          static_cast<double>(index.value_table_bytes));
    const auto built = parse_utc_time(index.meta.value("built_at", ""));
    if (built) {
        gauge(out, "fundus_index_built_timestamp_seconds",
              "When the generation being served was built (Unix time).",
              std::chrono::duration<double>(built->time_since_epoch()).count());
        gauge(out, "fundus_index_age_seconds", "Age of the index generation being served.",
              std::chrono::duration<double>(now - *built).count());
    }
    // The last reindex is the one that built the generation being served (generation.json).
    const auto rejected = index.meta.value("rejected", 0.0);
    header(out, "fundus_index_last_build_info", "gauge",
           "The build that produced the generation being served: mode and result "
           "(ok, or rejected_records when some records were rejected).");
    out << "fundus_index_last_build_info{mode=\"" << label(index.meta.value("mode", "unknown"))
        << "\",result=\"" << (rejected > 0 ? "rejected_records" : "ok") << "\"} 1\n";
    gauge(out, "fundus_index_last_build_rejected_records", "Records the last build rejected.",
          rejected);
    gauge(out, "fundus_index_last_build_duration_seconds", "How long the last build took.",
          index.meta.value("seconds", 0.0));
}

} // namespace

std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text) {
    std::tm tm{};
    if (text.size() != 20 || text[19] != 'Z')
        return std::nullopt;
    const std::string s(text);
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const time_t t = ::timegm(&tm);
    if (t == static_cast<time_t>(-1))
        return std::nullopt;
    return std::chrono::system_clock::from_time_t(t);
}

Metrics::Metrics(std::vector<std::string> endpoints) : endpoints_(std::move(endpoints)) {}

std::string Metrics::endpoint_of(std::string_view path) const {
    if (path.empty())
        return "invalid";
    for (const auto& e : endpoints_) {
        if (e == path)
            return e;
        const auto brace = e.find('{');
        if (brace == std::string::npos || e.back() != '}')
            continue;
        const std::string_view prefix(e.data(), brace);
        if (path.size() > prefix.size() && path.starts_with(prefix) &&
            path.find('/', prefix.size()) == std::string_view::npos)
            return e;
    }
    return "other";
}

void Metrics::observe(std::string_view path, int status, double seconds) {
    const std::string endpoint = endpoint_of(path);
    std::lock_guard lock(mutex_);
    ++requests_[{endpoint, status}];
    Histogram& h = latency_[endpoint];
    for (std::size_t i = 0; i < latency_buckets.size(); ++i)
        if (seconds <= latency_buckets[i])
            ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
}

std::string Metrics::render(const IndexState& index,
                            std::chrono::system_clock::time_point now) const {
    std::ostringstream out;
    {
        std::lock_guard lock(mutex_);
        header(out, "fundus_http_requests_total", "counter",
               "HTTP requests answered, by endpoint and status.");
        for (const auto& [key, count] : requests_)
            out << "fundus_http_requests_total{endpoint=\"" << label(key.first) << "\",status=\""
                << key.second << "\"} " << count << '\n';
        header(out, "fundus_http_request_duration_seconds", "histogram",
               "Time from a request's first byte to its response, by endpoint.");
        for (const auto& [endpoint, h] : latency_) {
            const std::string name = "fundus_http_request_duration_seconds";
            const std::string ep = "endpoint=\"" + label(endpoint) + "\"";
            for (std::size_t i = 0; i < latency_buckets.size(); ++i)
                out << name << "_bucket{" << ep << ",le=\"" << number(latency_buckets[i]) << "\"} "
                    << h.buckets[i] << '\n';
            out << name << "_bucket{" << ep << ",le=\"+Inf\"} " << h.count << '\n';
            out << name << "_sum{" << ep << "} " << number(h.sum) << '\n';
            out << name << "_count{" << ep << "} " << h.count << '\n';
        }
    }
    render_index(out, index, now);
    if (const auto rss = resident_bytes())
        gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", *rss);
    return out.str();
}

} // namespace fundus::searchd
