// GenerationCache: a bounded least-recently-used cache of answers for one index view.
#include "generation_cache.h"

#include <catch2/catch.hpp>

using fundus::searchd::GenerationCache;

namespace generation_cache_test {

TEST_CASE("a generation cache answers what was stored for the same epoch only",
          "[searchd][cache]") {
    GenerationCache<std::string> cache(10);
    CHECK_FALSE(cache.find(1, "glasfasr"));
    cache.store(1, "glasfasr", "glasfaser");
    CHECK(cache.find(1, "glasfasr") == "glasfaser");
    CHECK_FALSE(cache.find(2, "glasfasr"));
    SECTION("an empty answer is an answer") {
        cache.store(1, "xyzzy", "");
        CHECK(cache.find(1, "xyzzy") == "");
    }
    SECTION("storing again replaces the value") {
        cache.store(1, "glasfasr", "glasfasern");
        CHECK(cache.find(1, "glasfasr") == "glasfasern");
        CHECK(cache.size() == 1);
    }
    SECTION("a newer epoch drops everything kept for the older one") {
        cache.store(2, "rufbuss", "rufbus");
        CHECK(cache.size() == 1);
        CHECK_FALSE(cache.find(1, "glasfasr"));
        CHECK_FALSE(cache.find(2, "glasfasr"));
        CHECK(cache.find(2, "rufbuss") == "rufbus");
    }
    SECTION("an older epoch, from a request that started before the switch, is not kept") {
        cache.store(2, "rufbuss", "rufbus");
        cache.store(1, "glasfasr", "glasfaser");
        CHECK_FALSE(cache.find(1, "glasfasr"));
        CHECK(cache.size() == 1);
    }
}

TEST_CASE("a full generation cache drops the least recently used entry", "[searchd][cache]") {
    GenerationCache<int> cache(2);
    cache.store(1, "a", 1);
    cache.store(1, "b", 2);
    CHECK(cache.find(1, "a") == 1); // a is now more recent than b
    cache.store(1, "c", 3);
    CHECK(cache.size() == 2);
    CHECK(cache.find(1, "a") == 1);
    CHECK_FALSE(cache.find(1, "b"));
    CHECK(cache.find(1, "c") == 3);
}

TEST_CASE("a generation cache of capacity 0 keeps nothing", "[searchd][cache]") {
    GenerationCache<int> cache(0);
    cache.store(1, "a", 1);
    CHECK_FALSE(cache.find(1, "a"));
    CHECK(cache.size() == 0);
}

} // namespace generation_cache_test
