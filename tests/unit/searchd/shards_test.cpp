#include "fundus/error.h"
#include "fundus/searchd/config.h"
#include "fundus/searchd/shards.h"

#include <catch2/catch.hpp>

using namespace fundus::searchd;

namespace shards_test {
namespace {

ShardAddress remote(std::string host, unsigned port) {
    ShardAddress a;
    a.kind = ShardAddress::Kind::remote;
    a.host = std::move(host);
    a.port = port;
    return a;
}

ShardAddress local(std::filesystem::path dir) {
    ShardAddress a;
    a.dir = std::move(dir);
    return a;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const fundus::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("a shard is a tcp address or a directory", "[searchd][shards]") {
    SECTION("addresses") {
        CHECK(parse_shard("tcp://10.0.0.7:33333", "shard") == remote("10.0.0.7", 33333));
        CHECK(parse_shard("tcp://[::1]:4000", "shard") == remote("::1", 4000));
        CHECK(parse_shard(" /srv/fundus/shard-0 ", "shard") == local("/srv/fundus/shard-0"));
        CHECK(parse_shard("index/shard-1", "shard") == local("index/shard-1"));
    }
    SECTION("names as errors and failed_shards show them") {
        CHECK(remote("10.0.0.7", 33333).name() == "tcp://10.0.0.7:33333");
        CHECK(remote("::1", 4000).name() == "tcp://[::1]:4000");
        CHECK(local("index/shard-1").name() == "index/shard-1");
    }
    SECTION("malformed ones are named with the key") {
        CHECK(error_of([] { parse_shard("tcp://host", "shard"); }) ==
              "shard 'tcp://host': expected HOST:PORT with a port from 1 to 65535, got 'host'");
        CHECK(error_of([] {
                  parse_shard("tcp://host:0", "shard");
              }).starts_with("shard 'tcp://host:0'"));
        CHECK(error_of([] { parse_shard("tcp://host:70000", "shard"); }).starts_with("shard"));
        CHECK(error_of([] { parse_shard("http://host:80", "shard"); }) ==
              "shard: 'http://host:80' is neither tcp://HOST:PORT nor a directory");
        CHECK(error_of([] { parse_shard("  ", "shard"); }) == "shard: empty shard");
    }
}

TEST_CASE("a Xapian stub database file lists shards", "[searchd][shards]") {
    const std::filesystem::path file = "/etc/fundus/shards.stub";
    SECTION("auto, glass and remote lines; paths relative to the file") {
        const auto shards = parse_stub("# the catalogue\n"
                                       "auto shard-0\n"
                                       "\n"
                                       "glass /srv/shard-1\n"
                                       "remote 10.0.0.8:33333\n",
                                       file);
        REQUIRE(shards.size() == 3);
        CHECK(shards[0] == local("/etc/fundus/shard-0"));
        CHECK(shards[1] == local("/srv/shard-1"));
        CHECK(shards[2] == remote("10.0.0.8", 33333));
    }
    SECTION("errors name the file and line") {
        CHECK(
            error_of([&] { parse_stub("auto a\nremote :xapian-progsrv /srv/x\n", file); }) ==
            "/etc/fundus/shards.stub:2: expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT', "
            "got 'remote :xapian-progsrv /srv/x'");
        CHECK(error_of([&] {
                  parse_stub("remote host\n", file);
              }).starts_with("/etc/fundus/shards.stub:1: expected HOST:PORT"));
        CHECK(error_of([&] { parse_stub("# nothing\n", file); }) ==
              "/etc/fundus/shards.stub: the stub database file lists no database");
    }
}

TEST_CASE("shard keys are checked when the configuration is read", "[searchd][shards][config]") {
    const auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
    SECTION("defaults: no shards, errors, 2 s") {
        const auto c = resolve_config({}, none, {});
        CHECK(c.shards.empty());
        CHECK(c.shard_failure == "error");
        CHECK(c.shard_timeout_ms == 2000);
    }
    SECTION("a list, and the failure rule") {
        const auto c = resolve_config({{"shard", "tcp://a:1"},
                                       {"shard", "/srv/s1"},
                                       {"shard-failure", "partial"},
                                       {"shard-timeout-ms", "300"}},
                                      none, {});
        CHECK(c.shards == std::vector<std::string>{"tcp://a:1", "/srv/s1"});
        CHECK(c.shard_failure == "partial");
        CHECK(c.shard_timeout_ms == 300);
    }
    SECTION("bad values name the source and key") {
        CHECK(error_of([&] {
                  resolve_config({{"shard", "tcp://a"}}, none, {});
              }).starts_with("config file: shard 'tcp://a'"));
        CHECK(error_of([&] {
                  resolve_config({}, none, {{"shard-failure", "ignore"}});
              }) == "command line: 'shard-failure' must be error or partial, not 'ignore'");
    }
}

} // namespace shards_test
