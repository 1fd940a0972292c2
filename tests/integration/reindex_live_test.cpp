// searchd under continuous load while fundus-index publishes new generations: not one failed
// request, and the new documents are served within 2 s of the switch with the default poll.
#include "reindex_support.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <mutex>
#include <thread>

using fundus::testing::run_command;
using fundus::testing::TempDir;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace reindex_live_test {
namespace {

const auto blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";

/// Clients that send searches back to back until stopped (or a bound is reached) and count
/// every request that did not get a 200 with a well-formed body.
class LoadClients {
public:
    LoadClients(int port, int threads) {
        for (int t = 0; t < threads; ++t)
            threads_.emplace_back([this, port, t] { run(port, t); });
    }
    ~LoadClients() { stop(); }
    void stop() {
        stop_ = true;
        for (auto& t : threads_)
            if (t.joinable())
                t.join();
    }
    [[nodiscard]] long requests() const { return requests_; }
    [[nodiscard]] long failures() const { return failures_; }
    [[nodiscard]] std::string first_failure() const {
        std::lock_guard lock(mutex_);
        return first_failure_;
    }

private:
    static constexpr long max_requests_per_thread = 200000;
    std::vector<std::thread> threads_;
    std::atomic<bool> stop_{false};
    std::atomic<long> requests_{0};
    std::atomic<long> failures_{0};
    mutable std::mutex mutex_;
    std::string first_failure_;

    void run(int port, int t) {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(5);
        client.set_read_timeout(10);
        const char* queries[] = {"/api/search?q=Glasfaser", "/api/search?q=Kommune&region=Bayern",
                                 "/api/search?q=", "/healthz"};
        for (long i = 0; !stop_ && i < max_requests_per_thread; ++i) {
            const char* path = queries[(i + t) % 4];
            const auto res = client.Get(path);
            ++requests_;
            if (res && res->status == 200 && json::accept(res->body))
                continue;
            ++failures_;
            std::lock_guard lock(mutex_);
            if (first_failure_.empty())
                first_failure_ = std::string(path) + " -> " +
                                 (res ? std::to_string(res->status) + " " + res->body
                                      : httplib::to_string(res.error()));
        }
    }
};

json get(const fundus::testing::SearchdProcess& daemon, const std::string& path) {
    httplib::Client client("127.0.0.1", daemon.port());
    const auto res = client.Get(path.c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

/// Runs fundus-index with `args`; returns the moment DIR/current was switched (watched every
/// 2 ms, so that the time the indexer needs to exit does not count).
Clock::time_point run_and_watch_switch(const std::filesystem::path& idx,
                                       const std::vector<std::string>& args) {
    std::error_code ec;
    const auto before = std::filesystem::read_symlink(idx / "current", ec);
    fundus::testing::IndexerProcess indexer(args);
    const auto started = Clock::now();
    Clock::time_point switched{};
    for (bool said_something = false;;) {
        REQUIRE(Clock::now() - started < std::chrono::seconds(60));
        const auto now = std::filesystem::read_symlink(idx / "current", ec);
        if (!ec && now != before) {
            switched = Clock::now();
            break;
        }
        INFO(indexer.output());
        REQUIRE_FALSE(said_something); // it ended, or failed, without switching
        said_something = indexer.wait_for("fundus-index: ", std::chrono::milliseconds(2));
    }
    INFO(indexer.output());
    REQUIRE(indexer.wait() == 0);
    return switched;
}

/// Seconds from `since` until `query` finds `expected` documents; fails after 10 s.
double seconds_until_found(const fundus::testing::SearchdProcess& daemon, const std::string& query,
                           int expected, Clock::time_point since) {
    while (get(daemon, "/api/search?facets=false&q=" + query)["total"] != expected) {
        REQUIRE(Clock::now() - since < std::chrono::seconds(10));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return std::chrono::duration<double>(Clock::now() - since).count();
}

} // namespace

TEST_CASE("reindexing under continuous load fails no request and shows new posts within 2 s",
          "[integration][reindex][live]") {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    const auto index_bin = fundus::testing::fundus_index_binary().string();
    REQUIRE(run_command({index_bin, "build", "--input", blog.string(), "--index", idx.string(),
                         "--quiet"})
                .exit_code == 0);
    // The default poll interval (1 s), as in production.
    fundus::testing::SearchdProcess daemon(idx, {});
    LoadClients load(daemon.port(), 3);

    // Three new posts, published by an update, then by a full build, then taken back by rollback.
    const auto news = dir.path() / "news.jsonl";
    fundus::testing::write_jsonl(
        news, {fundus::testing::post_record("new-1", "Ein Klimaschutzkonto für Kuhlen-Wendorf",
                                            "Das Klimaschutzkonto zeigt jede eingesparte Tonne."),
               fundus::testing::post_record("new-2", "Klimaschutzkonto im Amt Sternberger Seenland",
                                            "Die Nachbarn übernehmen das Klimaschutzkonto."),
               fundus::testing::post_record("new-3", "Wie rechnet ein Klimaschutzkonto?",
                                            "Ein Klimaschutzkonto bucht Tonnen, nicht Euro.")});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    const auto idx_arg = idx.string();
    auto switched = run_and_watch_switch(
        idx, {"update", "--input", blog.string(), "--input", news.string(), "--index", idx_arg, "--quiet"});
    const double after_update = seconds_until_found(daemon, "Klimaschutzkonto", 3, switched);
    CHECK(get(daemon, "/healthz")["generation"] == 2);

    switched = run_and_watch_switch(idx, {"build", "--input", news.string(), "--index", idx_arg, "--quiet"});
    const double after_build = seconds_until_found(daemon, "", 3, switched);

    switched = run_and_watch_switch(idx, {"rollback", "--index", idx_arg});
    const double after_rollback = seconds_until_found(daemon, "", 13, switched);

    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    load.stop();
    INFO("switch seen after update " << after_update << " s, build " << after_build
                                     << " s, rollback " << after_rollback << " s; "
                                     << load.requests() << " requests");
    CHECK(after_update < 2.0);
    CHECK(after_build < 2.0);
    CHECK(after_rollback < 2.0);
    CHECK(load.requests() > 100);
    INFO("first failure: " << load.first_failure());
    CHECK(load.failures() == 0);
}

} // namespace reindex_live_test
