// Private: the contents of AnalyzerResources, shared read-only by all analyzers.
#pragma once

#include "fundus/analyzers/german_analyzer.h"

#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fundus::analyzers {

struct AnalyzerResources::Impl {
    std::unordered_set<std::string> stopwords; ///< case-folded words
    /// Lexicon words as spelling keys (see spelling_key()): "buergermeister".
    std::unordered_set<std::string> lexicon;
    /// Three-letter nouns that may stand as a compound part ("amt", "bau", "rat").
    std::unordered_set<std::string> short_nouns;
    /// Lexicon words written capitalised (nouns, names), as spelling keys.
    std::unordered_set<std::string> nouns;
    /// Stems of the lexicon's nouns; tells a masculine base ("ärzt" -> "arzt") from noise.
    std::unordered_set<std::string> noun_stems;
    /// Editor overrides: spelling key -> the parts to use; an empty list means "never split".
    std::unordered_map<std::string, std::vector<std::string>> compound_exceptions;
};

} // namespace fundus::analyzers
