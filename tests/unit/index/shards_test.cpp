#include "fundus/error.h"
#include "fundus/index/shards.h"

#include <catch2/catch.hpp>

using namespace fundus::index;

namespace shards_test {

TEST_CASE("a post's shard is FNV-1a 64 of its id modulo the shard count", "[index][shards]") {
    SECTION("the published FNV-1a test vectors") {
        CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
        CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
        CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
    }
    SECTION("stable: the same id always goes to the same shard") {
        CHECK(shard_of("foobar", 1) == 0);
        CHECK(shard_of("foobar", 4) == 0x85944171f73967e8ULL % 4);
        CHECK(shard_of("a", 7) == 0xaf63dc4c8601ec8cULL % 7);
    }
    SECTION("spread over the shards") {
        std::vector<int> count(4);
        for (int i = 0; i < 4000; ++i)
            ++count[shard_of("post-" + std::to_string(i), 4)];
        for (const int n : count)
            CHECK((n > 900 && n < 1100));
    }
    SECTION("no shards is an error") {
        CHECK_THROWS_AS(shard_of("a", 0), fundus::Error);
    }
}

TEST_CASE("a sharded directory's layout", "[index][shards]") {
    CHECK(shard_path("/srv/index", 2) == "/srv/index/shard-2");
    CHECK(spelling_path("/srv/index") == "/srv/index/spelling");
    CHECK(shard_count("/nonexistent/fundus") == 0);
}

} // namespace shards_test
