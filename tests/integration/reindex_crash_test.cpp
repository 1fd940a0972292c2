// kill -9 of fundus-index at several points of a build or an update: the live index stays
// intact and served, and the next run succeeds. The indexer is held at each point with the test
// hook FUNDUS_TEST_PAUSE_AT=STAGE[:N] (indexer/main.cpp).
#include "reindex_support.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using fundus::testing::IndexerProcess;
using fundus::testing::run_command;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;

namespace reindex_crash_test {
namespace {

const auto blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";
const auto corpus = fundus::testing::source_dir() / "data" / "corpus";

/// Total of documents searchd serves, and its generation.
std::pair<int, int> served(ServerProcess& daemon) {
    auto client = daemon.client();
    const auto res = client.Get("/api/search?q=&size=1&facets=false");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto health = client.Get("/healthz");
    REQUIRE(health);
    return {json::parse(res->body)["total"].get<int>(), json::parse(health->body)["generation"].get<int>()};
}

void check_live_index_intact(ServerProcess& daemon, const std::filesystem::path& idx) {
    const auto current = fundus::testing::current_generation(idx);
    REQUIRE(current.is_object());
    CHECK(current["generation"] == 1);
    CHECK(current["meta"]["documents"] == 10);
    CHECK(fundus::testing::index_status(idx)["writer"].is_null());
    std::this_thread::sleep_for(std::chrono::milliseconds(400)); // two searchd polls
    CHECK(served(daemon) == std::pair{10, 1});
}

/// Builds generation 1 from blog.jsonl and serves it; runs `command` over data/corpus held at
/// `pause`, kills it there, checks the live index, then checks that the next build succeeds.
void kill_and_recover(const std::string& command, const std::string& pause) {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    REQUIRE(run_command({fundus::testing::fundus_index_binary().string(), "build", "--input",
                         blog.string(), "--index", idx.string(), "--quiet"})
                .exit_code == 0);
    ServerProcess daemon(idx);
    REQUIRE(served(daemon) == std::pair{10, 1});

    std::vector<std::string> args = {command, "--input", corpus.string(), "--index", idx.string(),
                                     "--commit-every", "20", "--quiet"};
    if (command == "update")
        args.emplace_back("--allow-mass-delete"); // corpus has none of blog.jsonl's ids
    IndexerProcess victim(args, {{"FUNDUS_TEST_PAUSE_AT", pause}});
    REQUIRE(victim.wait_for("test pause at " + pause, std::chrono::seconds(60)));
    victim.kill_hard();
    check_live_index_intact(daemon, idx);

    // The next run takes the lock over, cleans up and publishes.
    const auto next = run_command({fundus::testing::fundus_index_binary().string(), "build",
                                   "--input", corpus.string(), "--index", idx.string(), "--quiet"});
    INFO(next.output);
    REQUIRE(next.exit_code == 0);
    const auto current = fundus::testing::current_generation(idx);
    CHECK(current["generation"] == 3); // the killed run's number is not reused
    CHECK(current["meta"]["documents"] == 112);
    for (const auto& entry : std::filesystem::directory_iterator(idx / "generations"))
        CHECK_FALSE(entry.path().filename().string().ends_with(".building"));
    for (int i = 0; i < 30 && served(daemon).second != 3; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(served(daemon) == std::pair{112, 3});
}

} // namespace

// With --commit-every 20, a build of the 112 documents commits after 20, 40, 60, 80 and 100
// documents (commits 1 to 5) and once more at the end (commit 6).

TEST_CASE("kill -9 in the middle of a build's records leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("build", "record:30");
}

TEST_CASE("kill -9 before a build's batch commit leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("build", "commit:2");
}

TEST_CASE("kill -9 before a build's last commit leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("build", "commit:6");
}

TEST_CASE("kill -9 after a build's last commit leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("build", "committed");
}

TEST_CASE("kill -9 between finishing a generation and the switch leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("build", "finished");
}

TEST_CASE("kill -9 right after an update copied the live generation leaves it intact",
          "[integration][reindex][crash]") {
    kill_and_recover("update", "copied");
}

TEST_CASE("kill -9 in the middle of an update leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("update", "record:60");
}

TEST_CASE("kill -9 before an update's first commit leaves the live index intact",
          "[integration][reindex][crash]") {
    kill_and_recover("update", "commit:1");
}

} // namespace reindex_crash_test
