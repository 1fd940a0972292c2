// Private: domain synonyms and abbreviations (data/synonyms.txt), applied at query time.
// Immutable after load: thread-safe.
#pragma once

#include "fundus/analyzers/german_analyzer.h"

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace fundus::searchd {

class Synonyms {
public:
    /// One group per line, alternatives separated by ",": "ÖPNV, öffentlicher Nahverkehr".
    /// Each alternative is analysed into its terms. A missing file gives an empty set.
    /// Throws fundus::Error for a malformed line, naming file and line.
    static Synonyms load(const std::filesystem::path& file, analyzers::GermanAnalyzer& analyzer);

    /// The alternatives of a single term: each alternative is a list of terms (a phrase when it
    /// has several). Empty when the term has none.
    [[nodiscard]] const std::vector<std::vector<std::string>>& alternatives(const std::string& term) const;
    /// Multi-word alternatives whose first term is `term` (to recognise "öffentlicher Nahverkehr").
    [[nodiscard]] std::size_t size() const { return groups_; }

private:
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_term_;
    std::unordered_map<std::string, std::vector<std::vector<std::string>>> by_phrase_;
    std::size_t groups_ = 0;

public:
    /// Alternatives of a multi-term phrase, keyed by its terms joined with ' '.
    [[nodiscard]] const std::vector<std::vector<std::string>>& phrase_alternatives(const std::string& key) const;
};

} // namespace fundus::searchd
