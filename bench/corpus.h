// Loaders for the external German corpora the benchmarks read (../shared/corpora): XQuAD German
// (paragraphs and their questions) and 10kGNAD (news articles). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace fundus::bench {

/// One XQuAD paragraph: the unit that is indexed as one document.
struct Paragraph {
    std::string article; ///< the Wikipedia article's slug ("Super_Bowl_50"), English
    std::string text;    ///< the German paragraph ("context")
};

/// One XQuAD question; its own paragraph is the one relevant document.
struct Question {
    std::string id;
    std::string text;
    std::size_t paragraph = 0; ///< index into XQuad::paragraphs
};

struct XQuad {
    std::vector<Paragraph> paragraphs; ///< in file order: paragraph i is document i
    std::vector<Question> questions;   ///< in file order
};

/// Reads a SQuAD v1.1 JSON file (xquad.de.json). Throws fundus::Error naming the file when it
/// cannot be read or does not have the SQuAD layout.
XQuad load_xquad(const std::filesystem::path& file);

/// Reads the texts of a 10kGNAD CSV file (`label;text`, `'`-quoted, `''` inside quotes, CRLF,
/// no header). Throws fundus::Error naming the file and line when it is malformed.
std::vector<std::string> load_10kgnad_texts(const std::filesystem::path& file);

/// The default corpora folder: the source tree's sibling ../shared/corpora, or the environment
/// variable FUNDUS_CORPORA when set.
std::filesystem::path default_corpora_dir();

} // namespace fundus::bench
