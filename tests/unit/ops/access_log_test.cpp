#include "fundus/error.h"
#include "fundus/searchd/access_log.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace fundus::searchd;
using nlohmann::json;

namespace access_log_test {
namespace {

AccessRecord record() {
    AccessRecord r;
    r.time = std::chrono::system_clock::from_time_t(1764432222) + std::chrono::milliseconds(45);
    r.method = "GET";
    r.path = "/api/search";
    r.query = "q=Rufbus&size=5";
    r.endpoint = "/api/search";
    r.status = 200;
    r.bytes = 1834;
    r.seconds = 0.0024137;
    r.address = "192.0.2.7";
    return r;
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

} // namespace

TEST_CASE("an access log line is one JSON object without the client address", "[ops][access-log]") {
    const json line = json::parse(AccessLog::format(record(), false));
    CHECK(line["time"] == "2025-11-29T16:03:42.045Z");
    CHECK(line["method"] == "GET");
    CHECK(line["path"] == "/api/search");
    CHECK(line["query"] == "q=Rufbus&size=5");
    CHECK(line["endpoint"] == "/api/search");
    CHECK(line["status"] == 200);
    CHECK(line["bytes"] == 1834);
    CHECK(line["duration_ms"] == Approx(2.414));
    CHECK_FALSE(line.contains("address"));
    CHECK(AccessLog::format(record(), false).find("192.0.2.7") == std::string::npos);
}

TEST_CASE("the client address is logged only when asked for", "[ops][access-log]") {
    CHECK(json::parse(AccessLog::format(record(), true))["address"] == "192.0.2.7");
}

TEST_CASE("invalid UTF-8 in a logged query keeps the line valid JSON", "[ops][access-log]") {
    AccessRecord r = record();
    r.query = "q=Gr\xfc\xdf"
              "e";
    CHECK_NOTHROW(json::parse(AccessLog::format(r, false)));
}

TEST_CASE("the log appends lines and reopens its file after a rotation", "[ops][access-log]") {
    fundus::testing::TempDir dir;
    const auto file = dir.path() / "access.log";
    AccessLog log(file.string(), false);
    log.write(record());
    std::filesystem::rename(file, dir.path() / "access.log.1");
    log.write(record()); // still into the moved file, like any process before SIGHUP
    log.reopen();
    log.write(record());
    CHECK(lines_of(dir.path() / "access.log.1").size() == 2);
    CHECK(lines_of(file).size() == 1);
}

TEST_CASE("an access log that cannot be opened is a configuration error", "[ops][access-log]") {
    CHECK_THROWS_AS(AccessLog("/nonexistent-dir/access.log", false), fundus::Error);
}

} // namespace access_log_test
