// The HTTP layer: a route table of thin handlers over SearchService (cpp-httplib stays out of
// this header). start()/stop() may be called from different threads.
#pragma once

#include "fundus/searchd/search_service.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fundus::searchd {

class Metrics;
class AccessLog;
class SearchStats;

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                   ///< 0: any free port (tests)
    std::filesystem::path widget_dir;  ///< serves dist/widget.js and demo/; empty: built-in page
    std::vector<std::string> cors_origins; ///< origins allowed to call the API from a browser
    unsigned threads = 8;
    unsigned read_timeout_seconds = 5;
    unsigned write_timeout_seconds = 5;
    unsigned request_deadline_seconds = 10;  ///< a whole request must arrive within this (slowloris)
    std::size_t max_request_bytes = 32 * 1024; ///< request line + headers + body; beyond: 413/431
    // Observability, each optional (null: off); they must outlive the server and be thread-safe.
    Metrics* metrics = nullptr;     ///< counts every response; serves GET /metrics
    AccessLog* access_log = nullptr; ///< one JSON line per response
    SearchStats* stats = nullptr;   ///< counts first-page searches; serves GET /api/stats
    std::string stats_token;        ///< bearer token for /api/stats; empty: /api/stats answers 404
    /// /api/suggest also offers query texts readers searched at least this many times in the last
    /// suggest_searched_days days (and that found something); 0: never (needs `stats`).
    unsigned suggest_searched_min = 0;
    unsigned suggest_searched_days = 30;
};

class HttpServer {
public:
    HttpServer(SearchService& service, HttpOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds the socket; returns the port (useful with port 0). Throws fundus::Error on failure.
    int bind();
    /// Serves until stop(); returns false if serving failed.
    bool serve();
    /// Stops accepting and lets in-flight requests finish.
    void stop();

    /// The routes, for documentation and the 404 message: "GET /api/search", ...
    static std::vector<std::string> routes();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fundus::searchd
