// The structured access log: one JSON object per answered request and line. It stores no client
// address unless asked to (include_address), and no cookies, user agents or referrers.
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>

namespace fundus::searchd {

struct AccessRecord {
    std::chrono::system_clock::time_point time;
    std::string method;
    std::string path;     ///< decoded path, as routed
    std::string query;    ///< the raw query string (after '?'), at most 2,000 bytes kept
    std::string endpoint; ///< the route label, as in /metrics
    int status = 0;
    std::size_t bytes = 0; ///< response body size
    double seconds = 0;    ///< from the request's first byte to the response
    std::string address;   ///< the client's address; written only with include_address
};

class AccessLog {
public:
    /// Appends to `target`, a file, or "-" for standard output. Throws fundus::Error naming the
    /// file when it cannot be opened.
    AccessLog(std::string target, bool include_address);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    /// {"time":"2026-11-29T16:43:42.123Z","method":"GET","path":"/api/search","query":"q=Rufbus",
    ///  "endpoint":"/api/search","status":200,"bytes":1834,"duration_ms":2.41}
    static std::string format(const AccessRecord& record, bool include_address);

    void write(const AccessRecord& record);
    /// Reopens the file (after logrotate moved it; searchd calls this on SIGHUP). Throws
    /// fundus::Error when it cannot be opened again.
    void reopen();

private:
    std::string target_;
    bool include_address_;
    std::mutex mutex_;
    std::FILE* file_ = nullptr;
};

} // namespace fundus::searchd
