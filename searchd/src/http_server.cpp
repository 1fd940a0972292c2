#include "fundus/searchd/http_server.h"

#include "fundus/error.h"
#include "fundus/searchd/json_output.h"
#include "fundus/searchd/request_parser.h"
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

} // namespace

struct HttpServer::Impl {
    SearchService& service;
    HttpOptions options;
    httplib::Server server;
    StaticFiles files;

    Impl(SearchService& s, HttpOptions o) : service(s), options(std::move(o)), files(options.widget_dir) {}

    void handle_search(const httplib::Request& req, httplib::Response& res) {
        const auto request = parse_search_request(params_of(req), service.gazetteer());
        if (!request.ok())
            return send_error(res, request.error);
        const auto result = service.search(*request.value);
        if (!result.ok())
            return send_error(res, result.error);
        send_json(res, to_json(*result.value));
    }

    void handle_health(const httplib::Request&, httplib::Response& res) {
        send_json(res, to_json(service.health()));
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
            return httplib::Server::HandlerResponse::Unhandled;
        });
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
    const unsigned threads = std::max(1U, impl_->options.threads);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    s.set_read_timeout(static_cast<time_t>(impl_->options.read_timeout_seconds), 0);
    s.set_write_timeout(static_cast<time_t>(impl_->options.write_timeout_seconds), 0);
    s.set_keep_alive_timeout(5);
    s.set_keep_alive_max_count(1000);
    s.set_payload_max_length(64 * 1024);
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
    return {"GET /api/search", "GET /healthz", "GET /widget.js", "GET /", "GET /demo/{file}"};
}

} // namespace fundus::searchd
