#include "word_set.h"

#include <catch2/catch.hpp>

#include <string>

using fundus::analyzers::WordSet;

namespace word_set_test {

TEST_CASE("WordSet holds each word once and finds exactly its words", "[analyzers][word_set]") {
    WordSet set;
    CHECK(set.empty());
    CHECK_FALSE(set.contains("amt"));
    CHECK(set.insert("amt"));
    CHECK_FALSE(set.insert("amt"));
    CHECK(set.insert(""));
    CHECK(set.insert(std::string("a\0b", 3)));
    CHECK(set.size() == 3);
    CHECK(set.contains("amt"));
    CHECK(set.contains(""));
    CHECK(set.contains(std::string("a\0b", 3)));
    CHECK_FALSE(set.contains("a"));
    CHECK_FALSE(set.contains("amtx"));
    CHECK_FALSE(set.contains("am"));
}

TEST_CASE("WordSet keeps every word while it grows", "[analyzers][word_set]") {
    WordSet set;
    const std::string long_word(300, 'x'); // longer than one length byte
    REQUIRE(set.insert(long_word));
    for (int i = 0; i < 100000; ++i)
        REQUIRE(set.insert("wort" + std::to_string(i)));
    CHECK(set.size() == 100001);
    CHECK(set.contains(long_word));
    CHECK_FALSE(set.contains(std::string(299, 'x')));
    for (int i = 0; i < 100000; i += 997)
        CHECK(set.contains("wort" + std::to_string(i)));
    CHECK_FALSE(set.contains("wort100000"));
    CHECK_FALSE(set.contains("wort-1"));
}

} // namespace word_set_test
