// fundus-index update, the mass-delete guard, rollback, status with a running writer and the
// progress output, as the nightly job runs them: real binaries, a real searchd on loopback.
#include "reindex_support.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <pty.h>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using fundus::testing::IndexerProcess;
using fundus::testing::run_command;
using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;

namespace reindex_cli_test {
namespace {

const auto blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";
const auto corpus = fundus::testing::source_dir() / "data" / "corpus";

std::string index_bin() { return fundus::testing::fundus_index_binary().string(); }

fundus::testing::CommandResult index(const std::string& command, const std::filesystem::path& idx,
                                     const std::vector<std::filesystem::path>& inputs,
                                     const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {index_bin(), command, "--index", idx.string()};
    for (const auto& input : inputs) {
        argv.emplace_back("--input");
        argv.push_back(input.string());
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv);
}

/// ids of the hits of a query (browse when empty), up to 100.
std::set<std::string> search_ids(ServerProcess& daemon, const std::string& query) {
    auto client = daemon.client();
    const auto res = client.Get(("/api/search?size=100&facets=false&q=" + query).c_str());
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto body = json::parse(res->body);
    std::set<std::string> ids;
    for (const auto& hit : body["hits"])
        ids.insert(hit["id"].get<std::string>());
    return ids;
}

int served_generation(ServerProcess& daemon) {
    auto client = daemon.client();
    const auto res = client.Get("/healthz");
    REQUIRE(res);
    return json::parse(res->body)["generation"].get<int>();
}

void wait_for_generation(ServerProcess& daemon, int generation) {
    for (int i = 0; i < 50 && served_generation(daemon) != generation; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(served_generation(daemon) == generation);
}

/// blog.jsonl with fx-03 removed, fx-05 retitled and a new post fx-11.
std::filesystem::path edited_blog(const std::filesystem::path& dir) {
    auto records = fundus::testing::read_jsonl_records(blog);
    std::erase_if(records, [](const json& r) { return r["id"] == "fx-03"; });
    for (auto& r : records)
        if (r["id"] == "fx-05")
            r["title"] = "Ein Dorfladen mit Selbstbedienungskasse";
    records.push_back(fundus::testing::post_record(
        "fx-11", "Wasserstoffbus im Vogelsberg", "Der Wasserstoffbus fährt seit Mai."));
    const auto path = dir / "edited.jsonl";
    fundus::testing::write_jsonl(path, records);
    return path;
}

} // namespace

TEST_CASE("update adds new posts re-indexes changed ones and deletes removed ones",
          "[integration][reindex]") {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    REQUIRE(index("build", idx, {blog}, {"--quiet"}).exit_code == 0);
    ServerProcess daemon(idx);
    REQUIRE(search_ids(daemon, "Telemedizin").contains("fx-03"));

    const auto report = dir.path() / "report.json";
    const auto r = index("update", idx, {edited_blog(dir.path())}, {"--report", report.string()});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("generation 2 (update of 1): 1 added, 1 changed, 8 unchanged, 1 deleted, "
                        "0 rejected, 0 warnings; 10 documents") != std::string::npos);
    std::ifstream in(report);
    const auto j = json::parse(in);
    CHECK(j["mode"] == "update");
    CHECK(j["base_generation"] == 1);
    CHECK(j["generation"] == 2);
    CHECK(j["added"] == 1);
    CHECK(j["changed"] == 1);
    CHECK(j["unchanged"] == 8);
    CHECK(j["deleted"] == 1);
    CHECK(j["deleted_ids"] == json::array({"fx-03"}));
    CHECK(j["documents"] == 10);
    const auto current = fundus::testing::current_generation(idx);
    CHECK(current["generation"] == 2);
    CHECK(current["meta"]["mode"] == "update");
    CHECK(current["meta"]["base_generation"] == 1);

    wait_for_generation(daemon, 2);
    CHECK(search_ids(daemon, "Telemedizin").empty());
    CHECK(search_ids(daemon, "Wasserstoffbus") == std::set<std::string>{"fx-11"});
    CHECK(search_ids(daemon, "Selbstbedienungskasse") == std::set<std::string>{"fx-05"});
    CHECK(search_ids(daemon, "Glasfaser").contains("fx-01"));
    CHECK(search_ids(daemon, "").size() == 10);

    SECTION("an update without changes copies the generation and changes nothing") {
        const auto again = index("update", idx, {dir.path() / "edited.jsonl"});
        CHECK(again.exit_code == 0);
        CHECK(again.output.find("0 added, 0 changed, 10 unchanged, 0 deleted") != std::string::npos);
        wait_for_generation(daemon, 3);
        CHECK(search_ids(daemon, "").size() == 10);
    }
    SECTION("rollback brings the deleted post back, and searchd follows") {
        const auto back = run_command({index_bin(), "rollback", "--index", idx.string()});
        CHECK(back.exit_code == 0);
        CHECK(back.output.find("current is now generation 000001 (was 000002)") != std::string::npos);
        wait_for_generation(daemon, 1);
        CHECK(search_ids(daemon, "Telemedizin") == std::set<std::string>{"fx-03"});
        CHECK(search_ids(daemon, "Wasserstoffbus").empty());
    }
}

TEST_CASE("update refuses to delete more than the allowed share", "[integration][reindex]") {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    REQUIRE(index("build", idx, {blog}, {"--quiet"}).exit_code == 0);
    auto records = fundus::testing::read_jsonl_records(blog);
    records.resize(7); // 3 of 10 gone: 30 % > 20 %
    const auto shrunk = dir.path() / "shrunk.jsonl";
    fundus::testing::write_jsonl(shrunk, records);

    const auto report = dir.path() / "report.json";
    const auto refused = index("update", idx, {shrunk}, {"--report", report.string()});
    CHECK(refused.exit_code == 2);
    CHECK(refused.output.find("the sources no longer have 3 of the 10 documents (30%), more than "
                              "the allowed share of 20%") != std::string::npos);
    CHECK(refused.output.find("the previous index is still live") != std::string::npos);
    CHECK(fundus::testing::current_generation(idx)["generation"] == 1);
    CHECK(fundus::testing::current_generation(idx)["meta"]["documents"] == 10);
    std::ifstream in(report);
    CHECK(json::parse(in)["failed"] == true);
    for (const auto& entry : std::filesystem::directory_iterator(idx / "generations"))
        if (entry.path().filename().string().ends_with(".building"))
            CHECK(std::filesystem::is_empty(entry.path())); // the copy's space is given back

    SECTION("--max-delete-share raises the limit") {
        const auto r = index("update", idx, {shrunk}, {"--max-delete-share", "0.3"});
        CHECK(r.exit_code == 0);
        CHECK(r.output.find("3 deleted") != std::string::npos);
        CHECK(fundus::testing::current_generation(idx)["meta"]["documents"] == 7);
    }
    SECTION("--allow-mass-delete deletes them all the same") {
        records.resize(1);
        fundus::testing::write_jsonl(shrunk, records);
        const auto r = index("update", idx, {shrunk}, {"--allow-mass-delete"});
        CHECK(r.exit_code == 0);
        CHECK(r.output.find("0 added, 0 changed, 1 unchanged, 9 deleted") != std::string::npos);
        const auto current = fundus::testing::current_generation(idx);
        CHECK(current["generation"] == 3); // the refused run's number is not reused
        CHECK(current["meta"]["documents"] == 1);
    }
    SECTION("a source that is entirely broken is refused too") {
        const auto broken = dir.path() / "broken.jsonl";
        std::ofstream(broken) << "{\"id\": \"x\"\n";
        const auto r = index("update", idx, {broken});
        CHECK(r.exit_code == 2);
        CHECK(r.output.find("no longer have 10 of the 10 documents (100%)") != std::string::npos);
    }
}

TEST_CASE("update without a current generation builds one", "[integration][reindex]") {
    TempDir dir;
    const auto r = index("update", dir.path() / "idx", {blog});
    CHECK(r.exit_code == 0);
    const auto current = fundus::testing::current_generation(dir.path() / "idx");
    CHECK(current["generation"] == 1);
    CHECK(current["meta"]["documents"] == 10);
    CHECK(current["meta"]["added"] == 10);
}

TEST_CASE("status shows a running writer with its pid", "[integration][reindex]") {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    REQUIRE(index("build", idx, {blog}, {"--quiet"}).exit_code == 0);
    const auto idle = run_command({index_bin(), "status", "--index", idx.string()});
    CHECK(idle.output.find("writer: none running") != std::string::npos);
    CHECK(fundus::testing::index_status(idx)["writer"].is_null());

    IndexerProcess writer({"build", "--input", corpus.string(), "--index", idx.string()},
                          {{"FUNDUS_TEST_PAUSE_AT", "record:5"}});
    REQUIRE(writer.wait_for("test pause at record:5", std::chrono::seconds(60)));
    const auto status = fundus::testing::index_status(idx);
    REQUIRE(status["writer"].is_object());
    CHECK(status["writer"]["pid"] == writer.pid());
    CHECK(status["writer"]["building"] == 2);
    const auto text = run_command({index_bin(), "status", "--index", idx.string()});
    CHECK(text.output.find("writer: fundus-index pid " + std::to_string(writer.pid()) +
                           " running since ") != std::string::npos);
    CHECK(text.output.find("writing generation 000002") != std::string::npos);
    const auto second = index("build", idx, {blog});
    CHECK(second.exit_code == 2);
    CHECK(second.output.find("another fundus-index is writing " + idx.string() + " (pid " +
                             std::to_string(writer.pid()) + ")") != std::string::npos);

    writer.kill_hard();
    CHECK(fundus::testing::index_status(idx)["writer"].is_null()); // the kernel dropped the lock
}

TEST_CASE("without a terminal progress goes to plain log lines", "[integration][reindex]") {
    TempDir dir;
    const auto r = index("build", dir.path() / "idx", {corpus});
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("fundus-index: 112 records, ") != std::string::npos);
    CHECK(r.output.find('\r') == std::string::npos);
    CHECK(r.output.find("\033[") == std::string::npos);
    const auto update = index("update", dir.path() / "idx", {corpus});
    CHECK(update.output.find("fundus-index: copied the current generation") != std::string::npos);
}

TEST_CASE("on a terminal progress is a bar with counts and rate", "[integration][reindex]") {
    TempDir dir;
    const auto idx = dir.path() / "idx";
    REQUIRE(index("build", idx, {corpus}, {"--quiet"}).exit_code == 0);
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const std::string bin = index_bin(), idx_arg = idx.string(), input = corpus.string();
        ::execl(bin.c_str(), bin.c_str(), "build", "--index", idx_arg.c_str(), "--input",
                input.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::string output;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(master, buf, sizeof buf)) > 0) // EIO once the child is gone
        output.append(buf, static_cast<std::size_t>(n));
    ::close(master);
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WEXITSTATUS(status) == 0);
    INFO(output);
    // The previous generation's 112 documents are the expected total.
    CHECK(output.find("\r[") != std::string::npos);
    CHECK(output.find("/112  ") != std::string::npos);
    CHECK(output.find("/s") != std::string::npos);
    CHECK(output.find("\r\033[K") != std::string::npos); // the bar is cleared at the end
}

} // namespace reindex_cli_test
