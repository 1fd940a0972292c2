// Adjectives in -isch reach the noun they are derived from (AnalyzerOptions::derivations):
// through the analyzer's public API, with the project's data/ and Debian's word list.
#include "fundus/analyzers/german_analyzer.h"
#include "word_terms.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using fundus::analyzers::AnalyzerOptions;

namespace derivations_test {
using fundus::testing::reaches;
using fundus::testing::terms_of;

TEST_CASE("adjectives in -isch reach their noun where Snowball does not",
          "[analyzers][derivations]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"kritisch", "Kritik"},          // -ik
        {"kritischen", "Kritik"},        // inflected
        {"demokratische", "Demokratie"}, // -ie
        {"indische", "Indien"},          // -ien
        {"indischer", "Inder"},          // -er, beside -ien
        {"römischen", "Römer"},          // -er on a stem with an umlaut
        {"städtische", "Stadt"},         // the umlaut undone
        {"staedtische", "Stadt"},        // also when spelled with "ae"
        {"schulisch", "Schule"},         // -e
        {"typisch", "Typ"},              // the bare stem
        {"hypothetisch", "Hypothese"},   // Greek -tisch: -se
        {"skeptisch", "Skepsis"},        // Greek -tisch: -sis
        {"Kritische", "Kritik"},         // capitalised at the start of a sentence: still one
    };
    for (const auto& [adjective, noun] : table) {
        INFO(adjective << " -> " << noun);
        // each pair is one Snowball leaves apart, or the rule would be untested
        AnalyzerOptions off;
        off.derivations = false;
        CHECK_FALSE(reaches(adjective, noun, off));
        CHECK(reaches(adjective, noun));
    }
}

TEST_CASE("only the first rule that finds a noun decides and nouns are not derived",
          "[analyzers][derivations]") {
    CHECK(reaches("taktisch", "Taktik"));
    CHECK_FALSE(reaches("taktisch", "Takt")); // -ik found first: not the bare stem's noun
    CHECK(reaches("kritisch", "Kritik"));
    CHECK_FALSE(reaches("kritisch", "Krise")); // nor the Greek rule's
    CHECK(reaches("britisch", "Brite"));
    CHECK_FALSE(reaches("britisch", "Brise"));
    // nouns in -isch: the word list has no lower-case "fisch", "gemisch"
    CHECK(terms_of("Gemisch") == terms_of("Gemisch", [] {
              AnalyzerOptions o;
              o.derivations = false;
              return o;
          }()));
    CHECK(terms_of("Fisch") == terms_of("Fisch", [] {
              AnalyzerOptions o;
              o.derivations = false;
              return o;
          }()));
    // -lich is left alone: its short adjectives drifted from their nouns
    CHECK_FALSE(reaches("künstlich", "Kunst"));
    CHECK_FALSE(reaches("nämlich", "Name"));
}

} // namespace derivations_test
