// fundus-index as the nightly job runs it: exit codes, messages, reports.
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using fundus::testing::run_command;
using fundus::testing::TempDir;

namespace indexer_cli_test {
namespace {
const auto fixtures = fundus::testing::source_dir() / "tests" / "fixtures";
std::string index_bin() { return fundus::testing::fundus_index_binary().string(); }
} // namespace

TEST_CASE("a build with bad records indexes the good ones and exits 1", "[integration][cli]") {
    TempDir dir;
    const auto report = dir.path() / "report.json";
    const auto r = run_command({index_bin(), "build", "--input", (fixtures / "bad.jsonl").string(), "--index",
                                (dir.path() / "idx").string(), "--report", report.string()});
    CHECK(r.exit_code == 1);
    const std::string bad = (fixtures / "bad.jsonl").string();
    CHECK(r.output.find(bad + ":2: -: invalid JSON") != std::string::npos);
    CHECK(r.output.find(bad + ":7: -: invalid UTF-8") != std::string::npos);
    CHECK(r.output.find(bad + ":8: id: duplicate of " + bad + ":1") != std::string::npos);
    CHECK(r.output.find("2 indexed, 9 rejected") != std::string::npos);
    std::ifstream in(report);
    const auto j = nlohmann::json::parse(in);
    CHECK(j["indexed"] == 2);
    CHECK(j["rejected"] == 9);
    CHECK(j["problems"].size() == 10);
    CHECK(j["problems"][0]["line"] == 2);
}

TEST_CASE("a failed build exits 2 and leaves the previous index live", "[integration][cli]") {
    TempDir dir;
    const auto idx = (dir.path() / "idx").string();
    REQUIRE(run_command({index_bin(), "build", "--input", (fixtures / "blog.jsonl").string(), "--index", idx}).exit_code == 0);
    const auto failed = run_command({index_bin(), "build", "--input", "/nonexistent", "--index", idx});
    CHECK(failed.exit_code == 2);
    CHECK(failed.output.find("no such file or directory: /nonexistent") != std::string::npos);
    const auto status = run_command({index_bin(), "status", "--index", idx, "--json"});
    REQUIRE(status.exit_code == 0);
    const auto j = nlohmann::json::parse(status.output)["generations"];
    REQUIRE(j.size() == 1);
    CHECK(j[0]["current"] == true);
    CHECK(j[0]["meta"]["documents"] == 10);
}

TEST_CASE("rollback switches to the previous generation", "[integration][cli]") {
    TempDir dir;
    const auto idx = (dir.path() / "idx").string();
    for (int i = 0; i < 2; ++i)
        REQUIRE(run_command({index_bin(), "build", "--input", (fixtures / "blog.jsonl").string(), "--index", idx}).exit_code == 0);
    const auto r = run_command({index_bin(), "rollback", "--index", idx});
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("current is now generation 000001 (was 000002)") != std::string::npos);
}

TEST_CASE("--help describes every command", "[integration][cli]") {
    const auto r = run_command({index_bin(), "--help"});
    CHECK(r.exit_code == 0);
    for (const char* cmd : {"build", "update", "status", "rollback"})
        CHECK(r.output.find(cmd) != std::string::npos);
}

} // namespace indexer_cli_test
