// Test helpers over the analysis of single words, shared by the analyzer tests (Catch2 header).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace fundus::testing {

/// The term and variants of the one word `word`.
inline std::vector<std::string> terms_of(const std::string& word,
                                         analyzers::AnalyzerOptions options = {}) {
    analyzers::GermanAnalyzer analyzer(resources(), options);
    const auto tokens = analyzer.analyze(word);
    REQUIRE(tokens.size() == 1);
    std::vector<std::string> all{tokens[0].term};
    all.insert(all.end(), tokens[0].variants.begin(), tokens[0].variants.end());
    return all;
}

/// `word` carries the term of `other` as analysed on its own ("gefördert" reaches "fördern").
inline bool reaches(const std::string& word, const std::string& other,
                    analyzers::AnalyzerOptions options = {}) {
    analyzers::GermanAnalyzer analyzer(resources(), options);
    const std::string target = analyzer.term(other);
    const auto all = terms_of(word, options);
    return std::find(all.begin(), all.end(), target) != all.end();
}

} // namespace fundus::testing
