// fundus-searchd: serves the Fundus HTTP API and the widget over the current index generation,
// following new generations as the indexer publishes them.
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/http_server.h"
#include "fundus/searchd/search_service.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <thread>

namespace {

using namespace fundus;

/// "host:port", "[::1]:port", or ":port".
std::pair<std::string, int> parse_listen(const std::string& listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string::npos)
        throw Error("--listen: expected HOST:PORT, got '" + listen + "'");
    std::string host = listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    if (host.empty())
        host = "127.0.0.1";
    int port = 0;
    try {
        port = std::stoi(listen.substr(colon + 1));
    } catch (const std::exception&) {
        throw Error("--listen: invalid port in '" + listen + "'");
    }
    if (port < 0 || port > 65535)
        throw Error("--listen: port out of range in '" + listen + "'");
    return {host, port};
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"fundus-searchd: the Fundus search daemon (HTTP API, widget, demo page)."};
    std::string index_dir = "index", listen = "127.0.0.1:8080", widget_dir, data_dir, lexicon, synonyms;
    std::vector<std::string> cors;
    unsigned threads = 8, poll_ms = 1000;
    app.add_option("--index", index_dir, "index directory (as given to fundus-index)")->capture_default_str();
    app.add_option("--listen", listen, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
    app.add_option("--widget-dir", widget_dir, "the widget folder (dist/ and demo/)");
    app.add_option("--data-dir", data_dir, "folder with stop words, synonyms, regions (default: built-in data/)");
    app.add_option("--lexicon", lexicon, "word list for compound splitting (default /usr/share/dict/ngerman)");
    app.add_option("--synonyms", synonyms, "synonyms file (default DATA_DIR/synonyms.txt)");
    app.add_option("--cors-origin", cors, "an origin allowed to call the API from a browser (repeatable)");
    app.add_option("--threads", threads, "worker threads")->capture_default_str();
    app.add_option("--poll-ms", poll_ms, "how often to look for a new index generation")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    // Block SIGINT/SIGTERM in every thread; one thread waits for them and stops the server.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        auto paths = analyzers::AnalyzerResources::default_paths();
        if (!data_dir.empty())
            paths.data_dir = data_dir;
        if (!lexicon.empty())
            paths.lexicon = lexicon;
        auto resources = analyzers::AnalyzerResources::load(paths);
        auto gazetteer = std::make_shared<const index::Gazetteer>(index::Gazetteer::load(paths.data_dir / "regions"));
        searchd::ServiceOptions service_options;
        service_options.index_dir = index_dir;
        service_options.synonyms_file = synonyms.empty() ? paths.data_dir / "synonyms.txt" : std::filesystem::path(synonyms);
        searchd::SearchService service(service_options, resources, gazetteer);

        searchd::HttpOptions http_options;
        std::tie(http_options.host, http_options.port) = parse_listen(listen);
        http_options.widget_dir = widget_dir;
        http_options.cors_origins = cors;
        http_options.threads = threads;
        searchd::HttpServer server(service, http_options);
        const int port = server.bind();

        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        std::thread watcher([&] {
            std::unique_lock lock(mutex);
            while (!wake.wait_for(lock, std::chrono::milliseconds(poll_ms), [&] { return stopping; })) {
                lock.unlock();
                try {
                    if (service.refresh())
                        std::fprintf(stderr, "fundus-searchd: now serving generation %u\n",
                                     service.reader().generation()->number);
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "fundus-searchd: cannot switch generation: %s\n", e.what());
                }
                lock.lock();
            }
        });
        std::thread signal_waiter([&] {
            int sig = 0;
            sigwait(&signals, &sig);
            std::fprintf(stderr, "fundus-searchd: signal %d, shutting down\n", sig);
            server.stop();
        });
        const auto health = service.health();
        std::fprintf(stderr, "fundus-searchd: generation %u, %zu documents, listening on http://%s:%d\n",
                     health.generation, health.documents, http_options.host.c_str(), port);
        const bool ok = server.serve();
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        wake.notify_all();
        watcher.join();
        pthread_kill(signal_waiter.native_handle(), SIGTERM);
        signal_waiter.join();
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::cerr << "fundus-searchd: " << e.what() << '\n';
        return 2;
    }
}
