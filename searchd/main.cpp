// fundus-searchd: serves the Fundus HTTP API and the widget over the current index generation,
// following new generations as the indexer publishes them. Configuration: a config file, FUNDUS_*
// environment variables and flags (docs/operations.md).
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/searchd/access_log.h"
#include "fundus/searchd/config.h"
#include "fundus/searchd/http_server.h"
#include "fundus/searchd/metrics.h"
#include "fundus/searchd/search_service.h"
#include "fundus/searchd/search_stats.h"

#include <CLI/CLI.hpp>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <sstream>
#include <thread>

namespace {

using namespace fundus;
using Entries = std::vector<std::pair<std::string, std::string>>;

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

/// The command line: every configuration key as a flag, plus --config and --print-config.
struct CommandLine {
    CLI::App app{
        "fundus-searchd: the Fundus search daemon (HTTP API, widget, demo page).\n"
        "Settings come from --config FILE (key = value lines), FUNDUS_* environment variables\n"
        "and these flags; flags win over the environment, the environment over the file."};
    std::string config_file;
    bool print_config = false;
    std::vector<std::pair<const searchd::ConfigKey*, std::vector<std::string>>> values;

    CommandLine() {
        const nlohmann::json defaults = searchd::to_json(searchd::SearchdConfig{});
        app.add_option("--config", config_file, "a config file of key = value lines")
            ->envname("FUNDUS_CONFIG")
            ->type_name("FILE");
        app.add_flag("--print-config", print_config,
                     "print the effective configuration as JSON and exit");
        values.reserve(searchd::config_keys().size());
        for (const auto& key : searchd::config_keys()) {
            values.push_back({&key, {}});
            auto& target = values.back().second;
            const auto& d = defaults[key.name];
            const std::string shown = d.is_string() ? d.get<std::string>() : d.dump();
            const std::string help = key.help + " [" + key.env_name() +
                                     (shown.empty() || shown == "[]" ? "" : "; default " + shown) +
                                     "]";
            if (key.flag)
                app.add_flag_function(
                    "--" + key.name, [&target](std::int64_t) { target = {"true"}; }, help);
            else
                app.add_option("--" + key.name, target, help)
                    ->type_name(key.value_name)
                    ->expected(key.list ? -1 : 1);
        }
    }

    [[nodiscard]] Entries flags() const {
        Entries out;
        for (const auto& [key, given] : values)
            for (const auto& v : given)
                out.emplace_back(key->name, v);
        return out;
    }
};

Entries read_config_file(const std::string& path) {
    if (path.empty())
        return {};
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("--config: cannot read '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return searchd::parse_config_file(text.str(), path);
}

std::optional<std::string> environment(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

std::vector<std::string> endpoint_labels() {
    std::vector<std::string> out;
    for (const auto& route : searchd::HttpServer::routes())
        out.push_back(route.substr(route.find(' ') + 1));
    return out;
}

void save_stats(const searchd::SearchStats& stats, const std::filesystem::path& file) {
    try {
        stats.save(file);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fundus-searchd: %s\n", e.what());
    }
}

/// The shards of `shard` and `shards-stub` (stub first), their spelling index and failure rules.
searchd::IndexLayout index_layout(const searchd::SearchdConfig& config) {
    searchd::IndexLayout layout;
    layout.index_dir = config.index;
    if (!config.shards_stub.empty())
        layout.shards = searchd::read_stub(config.shards_stub);
    for (const auto& shard : config.shards)
        layout.shards.push_back(searchd::parse_shard(shard, "shard"));
    layout.spelling_dir = config.spelling;
    if (!layout.spelling_dir.empty() && !layout.sharded())
        throw Error("spelling: only a sharded index (shard, shards-stub) has a spelling index");
    layout.shard_timeout_ms = config.shard_timeout_ms;
    layout.failure = config.shard_failure == "partial" ? searchd::ShardFailure::partial
                                                       : searchd::ShardFailure::error;
    return layout;
}

int serve(const searchd::SearchdConfig& config, sigset_t signals) {
    auto paths = analyzers::AnalyzerResources::default_paths();
    if (!config.data_dir.empty())
        paths.data_dir = config.data_dir;
    if (!config.lexicon.empty())
        paths.lexicon = config.lexicon;
    auto resources = analyzers::AnalyzerResources::load(paths);
    auto gazetteer = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(paths.data_dir / "regions"));
    searchd::ServiceOptions service_options;
    service_options.index_dir = config.index;
    service_options.layout = index_layout(config);
    service_options.synonyms_file = config.synonyms.empty()
                                        ? paths.data_dir / "synonyms.txt"
                                        : std::filesystem::path(config.synonyms);
    service_options.time_limit_seconds = config.search_time_limit_ms / 1000.0;
    service_options.exact_count_limit = config.exact_count_limit;
    service_options.related_cache_entries = config.related_cache;
    service_options.related.max_postings = config.related_max_postings;
    service_options.spelling_cache_entries = config.spelling_cache;
    searchd::SearchService service(service_options, resources, gazetteer);

    searchd::Metrics metrics(endpoint_labels());
    std::unique_ptr<searchd::AccessLog> access_log;
    if (!config.access_log.empty())
        access_log =
            std::make_unique<searchd::AccessLog>(config.access_log, config.access_log_address);
    searchd::SearchStats stats({config.stats_keep_days, 20000, config.stats_min_count});
    std::filesystem::path stats_file;
    if (!config.state_dir.empty()) {
        std::filesystem::create_directories(config.state_dir);
        stats_file = std::filesystem::path(config.state_dir) / "search-stats.json";
        stats.load(stats_file);
    }

    searchd::HttpOptions http_options;
    std::tie(http_options.host, http_options.port) = parse_listen(config.listen);
    http_options.widget_dir = config.widget_dir;
    http_options.cors_origins = config.cors_origins;
    http_options.threads = config.threads;
    http_options.read_timeout_seconds = config.read_timeout;
    http_options.write_timeout_seconds = config.write_timeout;
    http_options.request_deadline_seconds = config.request_deadline;
    http_options.max_request_bytes = config.max_request_bytes;
    http_options.metrics = &metrics;
    http_options.access_log = access_log.get();
    http_options.stats = &stats;
    http_options.stats_token = config.stats_token;
    http_options.suggest_searched_min = config.suggest_searched_min;
    searchd::HttpServer server(service, http_options);
    const int port = server.bind();

    std::mutex mutex;
    std::condition_variable wake;
    bool stopping = false;
    // Follows new generations and saves the statistics now and then.
    std::thread watcher([&] {
        auto next_save =
            std::chrono::steady_clock::now() + std::chrono::seconds(config.stats_save_seconds);
        std::unique_lock lock(mutex);
        while (!wake.wait_for(lock, std::chrono::milliseconds(config.poll_ms),
                              [&] { return stopping; })) {
            lock.unlock();
            try {
                if (service.refresh())
                    std::fprintf(stderr, "fundus-searchd: now serving generation %u\n",
                                 service.reader().generation()->number);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "fundus-searchd: cannot switch generation: %s\n", e.what());
            }
            if (!stats_file.empty() && std::chrono::steady_clock::now() >= next_save) {
                if (stats.changed())
                    save_stats(stats, stats_file);
                next_save = std::chrono::steady_clock::now() +
                            std::chrono::seconds(config.stats_save_seconds);
            }
            lock.lock();
        }
    });
    // SIGTERM/SIGINT: stop accepting, let requests in flight finish. SIGHUP: reopen the access log.
    std::thread signal_waiter([&] {
        for (;;) {
            int sig = 0;
            sigwait(&signals, &sig);
            if (sig == SIGHUP) {
                try {
                    if (access_log)
                        access_log->reopen();
                } catch (const std::exception& e) {
                    std::fprintf(stderr, "fundus-searchd: %s\n", e.what());
                }
                continue;
            }
            std::fprintf(stderr, "fundus-searchd: signal %d, shutting down\n", sig);
            server.stop();
            return;
        }
    });
    const auto health = service.health();
    if (service_options.layout.sharded())
        std::fprintf(stderr, "fundus-searchd: serving %zu shards (shard-failure = %s)\n",
                     service_options.layout.shards.size(), config.shard_failure.c_str());
    std::fprintf(stderr,
                 "fundus-searchd: generation %u, %zu documents, listening on http://%s:%d\n",
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
    if (!stats_file.empty() && stats.changed())
        save_stats(stats, stats_file);
    std::fprintf(stderr, "fundus-searchd: stopped\n");
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    CommandLine command_line;
    CLI11_PARSE(command_line.app, argc, argv);

    // Block the signals in every thread; one thread waits for them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        const auto config = searchd::resolve_config(read_config_file(command_line.config_file),
                                                    environment, command_line.flags());
        if (command_line.print_config) {
            std::cout << searchd::to_json(config).dump(2) << '\n';
            return 0;
        }
        return serve(config, signals);
    } catch (const std::exception& e) {
        std::cerr << "fundus-searchd: " << e.what() << '\n';
        return 2;
    }
}
