#include "fundus/searchd/http_server.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"
#include "fundus/searchd/access_log.h"
#include "fundus/searchd/json_output.h"
#include "fundus/searchd/metrics.h"
#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_stats.h"
#include "fundus/index/gazetteer.h"
#include "suggest.h"
#include "value_table.h"
#include "discovery_api.h"
#include "feed.h"
#include "guarded_server.h"
#include "static_files.h"

#include <httplib.h>

#include <algorithm>

namespace fundus::searchd {

namespace {

constexpr const char* json_type = "application/json; charset=utf-8";

Params params_of(const httplib::Request& req) {
    Params params;
    for (const auto& [key, value] : req.params)
        params.emplace_back(key, value);
    return params;
}

void send_error(httplib::Response& res, const ApiError& error) {
    res.status = error.status;
    res.set_content(dump(to_json(error)), json_type);
}

void send_json(httplib::Response& res, const nlohmann::json& body) {
    res.status = 200;
    res.set_content(dump(body), json_type);
    res.set_header("Cache-Control", "no-store");
}

/// Compares without an early exit, so the time taken does not reveal how much of a token matched.
bool same_secret(std::string_view given, std::string_view secret) {
    if (secret.empty())
        return false;
    unsigned char diff = given.size() == secret.size() ? 0 : 1;
    for (std::size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ secret[i % secret.size()]);
    return diff == 0;
}

ConnectionLimits limits_of(const HttpOptions& o) {
    return {std::chrono::milliseconds(std::max(1U, o.request_deadline_seconds) * 1000ULL), o.max_request_bytes};
}

/// The error for a request cpp-httplib could not take in: cut by the connection limits, too long
/// a request line or body, or malformed.
void error_of_limits(const httplib::Request& req, httplib::Response& res, ApiError& error) {
    switch (GuardedServer::current_violation()) {
    case RequestViolation::deadline:
        error = {408, "request_timeout", "the request did not arrive in time", ""};
        break;
    case RequestViolation::too_large:
        error = {413, "request_too_large", "the request line, headers and body are too large", ""};
        break;
    case RequestViolation::none:
        if (res.status == 414)
            error = {414, "uri_too_long", "the request line is too long", ""};
        else if (res.status == 413)
            error = {413, "request_too_large", "the request body is too large", ""};
        else if (res.status == 400 && req.method.empty())
            error.message = "the request could not be parsed";
        break;
    }
    res.status = error.status;
}

} // namespace

struct HttpServer::Impl {
    SearchService& service;
    HttpOptions options;
    GuardedServer server;
    StaticFiles files;

    Impl(SearchService& s, HttpOptions o)
        : service(s), options(std::move(o)), server(limits_of(options), std::max(1U, options.threads)),
          files(options.widget_dir) {}

    void handle_search(const httplib::Request& req, httplib::Response& res) {
        const auto request = parse_search_request(params_of(req), service.gazetteer());
        if (!request.ok())
            return send_error(res, request.error);
        const auto result = service.search(*request.value);
        if (!result.ok())
            return send_error(res, result.error);
        if (options.stats != nullptr && request.value->page == 1 && !request.value->q.empty())
            options.stats->record(request.value->q, result.value->total, std::chrono::system_clock::now());
        send_json(res, to_json(*result.value));
    }

    void handle_metrics(const httplib::Request&, httplib::Response& res) {
        if (options.metrics == nullptr)
            return send_error(res, {404, "not_found", "metrics are disabled", ""});
        IndexState index;
        const auto health = service.health();
        index.generation = health.generation;
        index.documents = health.documents;
        const auto view = service.reader().generation();
        index.meta = view->meta;
        index.value_table_bytes = view->values ? view->values->memory_bytes() : 0;
        res.status = 200;
        res.set_content(options.metrics->render(index, std::chrono::system_clock::now()),
                        "text/plain; version=0.0.4; charset=utf-8");
        res.set_header("Cache-Control", "no-store");
    }

    /// GET /api/stats?days=7&limit=20, for editors, with "Authorization: Bearer TOKEN".
    void handle_stats(const httplib::Request& req, httplib::Response& res) {
        if (options.stats == nullptr || options.stats_token.empty())
            return send_error(res, {404, "not_found", "search statistics are disabled (no stats token configured)", ""});
        const std::string auth = req.get_header_value("Authorization");
        const std::string_view scheme = "Bearer ";
        if (!auth.starts_with(scheme) || !same_secret(std::string_view(auth).substr(scheme.size()), options.stats_token)) {
            res.set_header("WWW-Authenticate", "Bearer realm=\"fundus-stats\"");
            return send_error(res, {401, "unauthorized", "GET /api/stats needs 'Authorization: Bearer <stats token>'", ""});
        }
        const Params params = params_of(req);
        if (auto error = check_encoding(params))
            return send_error(res, *error);
        const auto days = parse_count(params, "days", 7, 1, 366);
        if (!days.ok())
            return send_error(res, days.error);
        const auto limit = parse_count(params, "limit", 20, 1, 1000);
        if (!limit.ok())
            return send_error(res, limit.error);
        send_json(res, options.stats->report(*days.value, *limit.value, std::chrono::system_clock::now()));
    }

    /// Rejects what no route may see: methods other than GET and HEAD, paths that are not valid
    /// UTF-8 or contain NUL bytes (httplib has percent-decoded them).
    bool reject_early(const httplib::Request& req, httplib::Response& res) const {
        if (req.method != "GET" && req.method != "HEAD") {
            res.set_header("Allow", "GET, HEAD");
            send_error(res, {405, "method_not_allowed", "only GET and HEAD are allowed, not " + req.method, ""});
            return true;
        }
        const std::string length = req.get_header_value("Content-Length");
        if (req.has_header("Transfer-Encoding") || (!length.empty() && length != "0")) {
            // cpp-httplib does not read the body of a GET: its bytes would be taken for the next
            // request. Refuse and close instead.
            GuardedServer::close_after_response();
            send_error(res, {400, "unexpected_body", "a " + req.method + " request carries no body", ""});
            return true;
        }
        if (!analyzers::is_valid_utf8(req.path) || req.path.find('\0') != std::string::npos) {
            send_error(res, {400, "invalid_path", "the path is not valid UTF-8 or contains a NUL byte", ""});
            return true;
        }
        return false;
    }

    /// After every response, including those to requests that could not be parsed.
    void on_response(const httplib::Request& req, const httplib::Response& res) const {
        const double seconds = GuardedServer::current_request_seconds();
        if (options.metrics != nullptr)
            options.metrics->observe(req.path, res.status, seconds);
        if (options.access_log != nullptr) {
            AccessRecord record;
            record.time = std::chrono::system_clock::now();
            record.method = req.method;
            record.path = req.path;
            const auto q = req.target.find('?');
            if (q != std::string::npos)
                record.query = req.target.substr(q + 1);
            record.endpoint = options.metrics != nullptr ? options.metrics->endpoint_of(req.path) : req.path;
            record.status = res.status;
            record.bytes = res.body.size();
            record.seconds = seconds;
            record.address = req.remote_addr;
            options.access_log->write(record);
        }
    }

    void handle_health(const httplib::Request&, httplib::Response& res) {
        const auto health = service.health();
        send_json(res, to_json(health));
        if (health.status == "shard_unavailable")
            res.status = 503; // a load balancer sends no traffic here while a shard is down
    }

    void handle_related(const httplib::Request& req, httplib::Response& res) {
        const auto request = parse_related_request(req.matches[1].str(), params_of(req));
        if (!request.ok())
            return send_error(res, request.error);
        const auto result = service.related(*request.value);
        if (!result.ok())
            return send_error(res, result.error);
        send_json(res, to_json(*result.value));
    }

    void handle_suggest(const httplib::Request& req, httplib::Response& res) {
        const auto request = parse_suggest_request(params_of(req));
        if (!request.ok())
            return send_error(res, request.error);
        auto result = service.suggest(*request.value);
        if (!result.ok())
            return send_error(res, result.error);
        if (options.stats != nullptr && options.suggest_searched_min > 0) {
            const std::string key = index::region_key(request.value->q);
            if (key.size() >= 2) {
                const auto searched = options.stats->searched(
                    key, request.value->size, options.suggest_searched_days,
                    options.suggest_searched_min, std::chrono::system_clock::now());
                if (!searched.empty())
                    result.value->suggestions = merge_searched(
                        std::move(result.value->suggestions), searched, request.value->size);
            }
        }
        send_json(res, to_json(*result.value));
    }

    void handle_feed(const httplib::Request& req, httplib::Response& res) {
        const auto request = parse_feed_request(params_of(req), service.gazetteer());
        if (!request.ok())
            return send_error(res, request.error);
        const auto result = service.search(*request.value);
        if (!result.ok())
            return send_error(res, result.error);
        FeedInfo info;
        const std::string host = req.get_header_value("Host");
        const std::string scheme = req.get_header_value("X-Forwarded-Proto") == "https" ? "https" : "http";
        info.self_url = host.empty() ? req.target : scheme + "://" + host + req.target;
        info.fallback_updated = service.health().built_at;
        if (info.fallback_updated.empty())
            info.fallback_updated = "1970-01-01T00:00:00Z";
        res.status = 200;
        res.set_content(render_atom(*request.value, *result.value, info), atom_content_type);
        res.set_header("Cache-Control", "no-store");
    }

    void add_common_headers(const httplib::Request& req, httplib::Response& res) const {
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
        const std::string origin = req.get_header_value("Origin");
        if (!origin.empty() &&
            std::find(options.cors_origins.begin(), options.cors_origins.end(), origin) !=
                options.cors_origins.end()) {
            res.set_header("Access-Control-Allow-Origin", origin);
            res.set_header("Vary", "Origin");
        }
    }

    void install_routes() {
        using Handler = void (Impl::*)(const httplib::Request&, httplib::Response&);
        struct Route {
            const char* pattern;
            Handler handler;
        };
        // The route table: every endpoint of the API in one place.
        static constexpr Route api_routes[] = {
            {"/api/search", &Impl::handle_search},
            {"/healthz", &Impl::handle_health},
            {"/metrics", &Impl::handle_metrics},
            {"/api/stats", &Impl::handle_stats},
            {"/api/related/(.+)", &Impl::handle_related},
            {"/api/suggest", &Impl::handle_suggest},
            {"/api/feed", &Impl::handle_feed},
        };
        for (const Route& route : api_routes) {
            const Handler handler = route.handler;
            server.Get(route.pattern, [this, handler](const httplib::Request& req, httplib::Response& res) {
                (this->*handler)(req, res);
            });
        }
        server.Get("/widget.js", [this](const httplib::Request& req, httplib::Response& res) {
            files.serve_widget("widget.js", req, res);
        });
        server.Get("/widget.css", [this](const httplib::Request& req, httplib::Response& res) {
            files.serve_widget("widget.css", req, res);
        });
        server.Get("/fundus.mjs", [this](const httplib::Request& req, httplib::Response& res) {
            files.serve_widget("fundus.mjs", req, res);
        });
        server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
            files.serve_demo("index.html", req, res);
        });
        server.Get(R"(/demo/([A-Za-z0-9_.-]+))", [this](const httplib::Request& req, httplib::Response& res) {
            files.serve_demo(req.matches[1].str(), req, res);
        });
        server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            add_common_headers(req, res);
            return reject_early(req, res) ? httplib::Server::HandlerResponse::Handled
                                          : httplib::Server::HandlerResponse::Unhandled;
        });
        server.set_logger([this](const httplib::Request& req, const httplib::Response& res) { on_response(req, res); });
        server.set_error_handler(httplib::Server::HandlerWithResponse(
            [](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty())
                return httplib::Server::HandlerResponse::Unhandled; // a handler's own JSON error
            ApiError error{res.status, res.status == 404 ? "not_found" : "bad_request",
                           res.status == 404 ? "no such endpoint: " + req.path
                                             : "the request could not be processed",
                           ""};
            if (res.status == 405)
                error.code = "method_not_allowed";
            error_of_limits(req, res, error);
            res.set_content(dump(to_json(error)), json_type);
            return httplib::Server::HandlerResponse::Handled;
        }));
        server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
            std::string message = "internal error";
            try {
                if (ep)
                    std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                message = e.what();
            } catch (...) {
            }
            res.status = 500;
            res.set_content(dump(to_json(ApiError{500, "internal_error", message, ""})), json_type);
        });
    }
};

HttpServer::HttpServer(SearchService& service, HttpOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
    auto& s = impl_->server;
    s.set_read_timeout(static_cast<time_t>(impl_->options.read_timeout_seconds), 0);
    s.set_write_timeout(static_cast<time_t>(impl_->options.write_timeout_seconds), 0);
    s.set_keep_alive_timeout(5);
    s.set_keep_alive_max_count(1000);
    s.set_payload_max_length(impl_->options.max_request_bytes);
    s.set_tcp_nodelay(true);
    impl_->install_routes();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
    auto& s = impl_->server;
    if (impl_->options.port == 0) {
        const int port = s.bind_to_any_port(impl_->options.host);
        if (port < 0)
            throw Error("HttpServer::bind(): cannot bind " + impl_->options.host);
        return port;
    }
    if (!s.bind_to_port(impl_->options.host, impl_->options.port))
        throw Error("HttpServer::bind(): cannot bind " + impl_->options.host + ":" +
                    std::to_string(impl_->options.port));
    return impl_->options.port;
}

bool HttpServer::serve() { return impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

std::vector<std::string> HttpServer::routes() {
    return {"GET /api/search", "GET /api/related/{id}", "GET /api/suggest", "GET /api/feed",
            "GET /healthz",    "GET /metrics", "GET /api/stats", "GET /widget.js",
            "GET /widget.css", "GET /fundus.mjs", "GET /",        "GET /demo/{file}"};
}

} // namespace fundus::searchd
