// Running the binaries as an operator does: --help on each, fundus-searchd's configuration from a
// file, the environment and flags, and a graceful shutdown on SIGTERM that drains requests in
// flight.
#include "raw_http.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <thread>

using fundus::testing::RawConnection;
using fundus::testing::run_command;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;

namespace operations_test {
namespace {

const std::filesystem::path& index_dir() {
    return fundus::testing::fixture_index(fundus::testing::source_dir() / "tests" / "fixtures" /
                                          "blog.jsonl");
}

/// Sets environment variables for the test's child processes; restores them when it dies.
class ScopedEnv {
public:
    ScopedEnv(std::initializer_list<std::pair<std::string, std::string>> vars) : vars_(vars) {
        for (const auto& [name, value] : vars_)
            ::setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        for (const auto& [name, value] : vars_)
            ::unsetenv(name.c_str());
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    std::vector<std::pair<std::string, std::string>> vars_;
};

std::filesystem::path write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
    return path;
}

} // namespace

TEST_CASE("every binary answers --help", "[integration][operations]") {
    const std::string index = fundus::testing::fundus_index_binary().string();
    const std::string searchd = fundus::testing::fundus_searchd_binary().string();
    for (const std::vector<std::string>& command : {std::vector<std::string>{index, "--help"},
                                                    {index, "build", "--help"},
                                                    {index, "status", "--help"},
                                                    {index, "rollback", "--help"},
                                                    {searchd, "--help"}}) {
        INFO(command[0] << ' ' << command[1]);
        const auto r = run_command(command);
        CHECK(r.exit_code == 0);
        CHECK(r.output.find("Usage") != std::string::npos);
    }
}

TEST_CASE("fundus-searchd --help names every setting with its environment variable",
          "[integration][operations]") {
    const auto r = run_command({fundus::testing::fundus_searchd_binary().string(), "--help"});
    REQUIRE(r.exit_code == 0);
    for (const char* text :
         {"--config", "--index", "FUNDUS_INDEX", "--cors-origin", "FUNDUS_CORS_ORIGIN",
          "--access-log", "--stats-token", "FUNDUS_STATS_TOKEN", "--request-deadline",
          "--max-request-bytes", "--search-time-limit-ms", "--related-cache", "--spelling-cache",
          "--related-max-postings", "FUNDUS_RELATED_MAX_POSTINGS", "--state-dir",
          "--print-config"}) {
        INFO(text);
        CHECK(r.output.find(text) != std::string::npos);
    }
}

TEST_CASE("settings come from the file then the environment then the flags",
          "[integration][operations]") {
    TempDir dir;
    const auto conf =
        write_file(dir.path() / "fundus.conf", "# test\nindex = /srv/fundus/index\nthreads = 2\n"
                                               "poll-ms = 500\ncors-origin = https://blog.example\n"
                                               "stats-token = from-file\n"
                                               "related-max-postings = 20000\n");
    ScopedEnv env({{"FUNDUS_THREADS", "3"}, {"FUNDUS_POLL_MS", "700"}});
    const auto r = run_command({fundus::testing::fundus_searchd_binary().string(), "--config",
                                conf.string(), "--poll-ms", "900", "--print-config"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    const json config = json::parse(r.output);
    CHECK(config["index"] == "/srv/fundus/index"); // file
    CHECK(config["threads"] == 3);                 // environment over file
    CHECK(config["poll-ms"] == 900);               // flag over environment
    CHECK(config["cors-origin"] == json::array({"https://blog.example"}));
    CHECK(config["stats-token"] == "(set)");
    CHECK(config["listen"] == "127.0.0.1:8080"); // default
    CHECK(config["related-max-postings"] == 20000);
}

TEST_CASE("the config file can come from FUNDUS_CONFIG", "[integration][operations]") {
    TempDir dir;
    const auto conf = write_file(dir.path() / "fundus.conf", "threads = 5\n");
    ScopedEnv env({{"FUNDUS_CONFIG", conf.string()}});
    const auto r =
        run_command({fundus::testing::fundus_searchd_binary().string(), "--print-config"});
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.output)["threads"] == 5);
}

TEST_CASE("a bad configuration stops fundus-searchd with a message naming the place",
          "[integration][operations]") {
    TempDir dir;
    const auto conf = write_file(dir.path() / "fundus.conf", "threads = 2\ncolour = blue\n");
    const auto bad_file =
        run_command({fundus::testing::fundus_searchd_binary().string(), "--config", conf.string()});
    CHECK(bad_file.exit_code == 2);
    CHECK(bad_file.output.find("fundus.conf:2: unknown key 'colour'") != std::string::npos);
    ScopedEnv env({{"FUNDUS_THREADS", "lots"}});
    const auto bad_env =
        run_command({fundus::testing::fundus_searchd_binary().string(), "--print-config"});
    CHECK(bad_env.exit_code == 2);
    CHECK(bad_env.output.find("environment: 'threads' must be a whole number") !=
          std::string::npos);
}

TEST_CASE("fundus-searchd serves with the settings of its config file",
          "[integration][operations]") {
    TempDir dir;
    const auto conf = write_file(dir.path() / "fundus.conf", "cors-origin = https://blog.example\n"
                                                             "stats-token = \"file token\"\n");
    ServerProcess daemon(index_dir(), {"--config", conf.string()});
    auto client = daemon.client();
    const auto res = client.Get("/healthz", {{"Origin", "https://blog.example"}});
    REQUIRE(res);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://blog.example");
    const auto stats = client.Get("/api/stats", {{"Authorization", "Bearer file token"}});
    REQUIRE(stats);
    CHECK(stats->status == 200);
}

TEST_CASE("SIGTERM lets a request in flight finish and refuses new connections",
          "[integration][operations]") {
    ServerProcess daemon(index_dir());
    RawConnection in_flight(daemon.port());
    REQUIRE(in_flight.send("GET /api/search?q=Kommune HTTP/1.1\r\nHost: x\r\n"));
    std::this_thread::sleep_for(200ms); // the request is being read by a worker
    ::kill(daemon.pid(), SIGTERM);
    bool refusing = false;
    for (int i = 0; i < 100 && !refusing; ++i) {
        std::this_thread::sleep_for(20ms);
        refusing = !fundus::testing::can_connect(daemon.port());
    }
    CHECK(refusing);
    REQUIRE(in_flight.send("\r\n"));
    const auto responses = fundus::testing::parse_responses(in_flight.read_all(5s));
    REQUIRE(responses.size() == 1);
    CHECK(responses[0].status == 200);
    CHECK(json::parse(responses[0].body)["hits"][0]["id"] == "fx-01");
    CHECK(daemon.stop() == 0);
}

TEST_CASE("SIGTERM does not wait for idle keep-alive connections", "[integration][operations]") {
    ServerProcess daemon(index_dir());
    RawConnection idle(daemon.port());
    REQUIRE(idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(fundus::testing::parse_responses(idle.read_all(300ms)).size() == 1);
    const auto started = std::chrono::steady_clock::now();
    CHECK(daemon.stop() == 0);
    CHECK(std::chrono::steady_clock::now() - started < 1500ms);
    CHECK(idle.closed_within(1s));
}

} // namespace operations_test
