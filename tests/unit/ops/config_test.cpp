#include "fundus/error.h"
#include "fundus/searchd/config.h"

#include <catch2/catch.hpp>

#include <map>

using namespace fundus::searchd;
using Entries = std::vector<std::pair<std::string, std::string>>;

namespace config_test {
namespace {

auto env_of(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
        const auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

auto no_env() {
    return env_of({});
}

} // namespace

TEST_CASE("without any source the documented defaults apply", "[ops][config]") {
    const SearchdConfig c = resolve_config({}, no_env(), {});
    CHECK(c.index == "index");
    CHECK(c.listen == "127.0.0.1:8080");
    CHECK(c.threads == 8);
    CHECK(c.request_deadline == 10);
    CHECK(c.cors_origins.empty());
    CHECK(c.stats_token.empty());
}

TEST_CASE("flags win over the environment and the environment over the config file",
          "[ops][config]") {
    const Entries file =
        parse_config_file("index = /srv/file-index\nthreads = 2\nlisten = 0.0.0.0:80\n", "f.conf");
    const auto env = env_of({{"FUNDUS_THREADS", "4"}, {"FUNDUS_LISTEN", "127.0.0.1:9000"}});
    const SearchdConfig c = resolve_config(file, env, {{"listen", "127.0.0.1:9999"}});
    CHECK(c.index == "/srv/file-index"); // only in the file
    CHECK(c.threads == 4);               // environment over file
    CHECK(c.listen == "127.0.0.1:9999"); // flag over both
}

TEST_CASE("a list key collects its values within a source and is replaced across sources",
          "[ops][config]") {
    const Entries file = parse_config_file(
        "cors-origin = https://a.example\ncors-origin = https://b.example\n", "f");
    CHECK(resolve_config(file, no_env(), {}).cors_origins ==
          std::vector<std::string>{"https://a.example", "https://b.example"});
    const auto env = env_of({{"FUNDUS_CORS_ORIGIN", "https://c.example, https://d.example"}});
    CHECK(resolve_config(file, env, {}).cors_origins ==
          std::vector<std::string>{"https://c.example", "https://d.example"});
    CHECK(resolve_config(file, env, {{"cors-origin", "https://e.example"}}).cors_origins ==
          std::vector<std::string>{"https://e.example"});
}

TEST_CASE("an empty environment variable counts as unset", "[ops][config]") {
    const Entries file = parse_config_file("stats-token = from-file\n", "f");
    CHECK(resolve_config(file, env_of({{"FUNDUS_STATS_TOKEN", ""}}), {}).stats_token ==
          "from-file");
}

TEST_CASE("the config file format allows comments quotes and switches", "[ops][config]") {
    const Entries file =
        parse_config_file("# Fundus\n\n  access-log = /var/log/fundus/access.log  # JSON lines\n"
                          "stats-token = \"a # b\"\naccess-log-address = yes\n",
                          "f");
    const SearchdConfig c = resolve_config(file, no_env(), {});
    CHECK(c.access_log == "/var/log/fundus/access.log");
    CHECK(c.stats_token == "a # b");
    CHECK(c.access_log_address);
}

TEST_CASE("config file errors name the file and line", "[ops][config]") {
    CHECK_THROWS_WITH(parse_config_file("index = x\nthreads\n", "fundus.conf"),
                      "fundus.conf:2: expected 'key = value', got 'threads'");
    CHECK_THROWS_WITH(parse_config_file("\ncolour = blue\n", "fundus.conf"),
                      "fundus.conf:2: unknown key 'colour'");
}

TEST_CASE("invalid values are rejected naming the source and key", "[ops][config]") {
    CHECK_THROWS_WITH(resolve_config(parse_config_file("threads = many\n", "f"), no_env(), {}),
                      "config file: 'threads' must be a whole number from 1 to 1024, not 'many'");
    CHECK_THROWS_WITH(resolve_config({}, env_of({{"FUNDUS_READ_TIMEOUT", "0"}}), {}),
                      "environment: 'read-timeout' must be a whole number from 1 to 3600, not '0'");
    CHECK_THROWS_WITH(resolve_config({}, no_env(), {{"access-log-address", "maybe"}}),
                      "command line: 'access-log-address' must be true or false, not 'maybe'");
}

TEST_CASE("every key has an environment variable and a printed value", "[ops][config]") {
    const nlohmann::json printed = to_json(SearchdConfig{});
    for (const auto& key : config_keys()) {
        INFO(key.name);
        CHECK(key.env_name().starts_with("FUNDUS_"));
        CHECK(key.env_name().find('-') == std::string::npos);
        CHECK(printed.contains(key.name));
    }
    CHECK(config_keys().front().env_name() == "FUNDUS_INDEX");
}

TEST_CASE("the printed configuration hides the stats token", "[ops][config]") {
    SearchdConfig c;
    c.stats_token = "s3cret";
    CHECK(to_json(c)["stats-token"] == "(set)");
    CHECK(to_json(c).dump().find("s3cret") == std::string::npos);
}

} // namespace config_test
