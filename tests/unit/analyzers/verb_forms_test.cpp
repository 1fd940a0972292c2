// Verb forms reach their infinitive (AnalyzerOptions::verb_forms, data/verb-forms.txt): through
// the analyzer's public API, with the project's data/ and Debian's word list.
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "word_terms.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

using fundus::analyzers::AnalyzerOptions;
using fundus::analyzers::GermanAnalyzer;

namespace verb_forms_test {
using fundus::testing::reaches;
using fundus::testing::terms_of;

TEST_CASE("regular verb forms reach the infinitive through the word list", "[analyzers][verbs]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"beantragt", "beantragen"},     // present and participle without ge- (inseparable be-)
        {"beantragte", "beantragen"},    // Präteritum
        {"digitalisiert", "digitalisieren"}, // -ieren
        {"gefördert", "fördern"},        // ge-…-t, infinitive in -n
        {"geplante", "planen"},          // participle as an adjective
        {"plant", "planen"},
        {"eingeführt", "einführen"},     // separable prefix, ge- inside
        {"gegründet", "gründen"},
        {"gründete", "gründen"},
        {"gearbeitet", "arbeiten"},
        {"vernetzt", "vernetzen"},
        {"findet", "finden"},            // present of an irregular verb, regular ending
        // a lower-case umlaut first: verbs, not nouns, although Ä/Ö/Ü and ä/ö/ü share a first byte
        {"übersetzte", "übersetzen"},    // inseparable über-
        {"überprüft", "überprüfen"},
        {"änderte", "ändern"},
        {"übte", "üben"},
        {"sucht", "suchen"},             // lower case in the text: the verb, not Sucht
        {"haut", "hauen"},
    };
    for (const auto& [form, infinitive] : table) {
        INFO(form << " -> " << infinitive);
        CHECK(reaches(form, infinitive));
    }
}

TEST_CASE("irregular verb forms come from data/verb-forms.txt with or without a prefix",
          "[analyzers][verbs]") {
    const std::vector<std::pair<std::string, std::string>> table = {
        {"gewann", "gewinnen"},   {"gewannen", "gewinnen"},      {"gewonnen", "gewinnen"},
        {"gewonnenen", "gewinnen"}, {"brachte", "bringen"},     {"gebracht", "bringen"},
        {"untergebracht", "unterbringen"}, {"beschloss", "beschließen"},
        {"aufgenommen", "aufnehmen"}, {"stattgefunden", "stattfinden"}, {"angeboten", "anbieten"},
        {"verloren", "verlieren"}, {"hilft", "helfen"},          {"fährt", "fahren"},
        {"lag", "liegen"},        {"überwies", "überweisen"}, {"überwiesen", "überweisen"},
    };
    for (const auto& [form, infinitive] : table) {
        INFO(form << " -> " << infinitive);
        CHECK(reaches(form, infinitive));
    }
}

TEST_CASE("nouns and adjectives are not read as verb forms", "[analyzers][verbs]") {
    CHECK_FALSE(reaches("laut", "lauen"));       // adjective: laute, lauten, lauter
    CHECK_FALSE(reaches("recht", "rechen"));
    CHECK_FALSE(reaches("bekannt", "bekennen")); // "!bekannt" in data/verb-forms.txt
    CHECK_FALSE(reaches("Boten", "bieten"));     // a capital: a noun in German
    CHECK_FALSE(reaches("Lagen", "liegen"));
    CHECK_FALSE(reaches("stand", "stehen"));     // also a noun (Standes, Stände), even in lower case
    CHECK_FALSE(reaches("schloss", "schließen"));
    CHECK(terms_of("Gemeinde").size() == 1);      // a noun gets no verb variant
    CHECK(terms_of("beantragen").size() == 1);    // the infinitive itself needs none
}

TEST_CASE("the verb form variant stands at the word's position and can be switched off",
          "[analyzers][verbs]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    const auto tokens = analyzer.analyze("Die Gemeinde beantragte Fördermittel");
    REQUIRE(tokens.size() == 4);
    CHECK(tokens[2].position == 2);
    CHECK(tokens[2].variants == std::vector<std::string>{analyzer.term("beantragen")});
    CHECK(tokens[2].infinitive == analyzer.term("beantragen")); // named, for related posts
    CHECK(tokens[1].infinitive.empty());
    CHECK(analyzer.analyze("gewann")[0].infinitive == analyzer.term("gewinnen"));
    AnalyzerOptions off;
    off.verb_forms = false;
    CHECK_FALSE(reaches("beantragte", "beantragen", off));
    CHECK_FALSE(reaches("gewann", "gewinnen", off));
}

TEST_CASE("a noun in -ung gets no verb term that would join it to other nouns",
          "[analyzers][verbs]") {
    // Snowball stems "bilden" like "Bild" and "richten" like "Richter": the verb's term on
    // "Bildung" would find every post with "Bilder" (docs/relevance.md, "Nouns in -ung")
    CHECK(terms_of("Bildung").size() == 1);
    CHECK(terms_of("Richtung").size() == 1);
    CHECK(terms_of("Förderung").size() == 1);
    CHECK_FALSE(reaches("Bildung", "bilden"));
}

TEST_CASE("a verb-forms line without forms is reported with file and line", "[analyzers][verbs]") {
    fundus::testing::TempDir dir;
    for (const char* file : {"stopwords.txt", "lexicon-extra.txt", "compound-exceptions.txt"})
        std::filesystem::copy_file(fundus::testing::source_dir() / "data" / file, dir.path() / file);
    std::ofstream(dir.path() / "verb-forms.txt") << "# irregular verbs\ngehen: ging gegangen\nkommen kam\n";
    fundus::analyzers::ResourcePaths paths;
    paths.data_dir = dir.path();
    paths.lexicon = "/usr/share/dict/ngerman";
    CHECK_THROWS_WITH(fundus::analyzers::AnalyzerResources::load(paths),
                      Catch::Contains("verb-forms.txt:3"));
}

} // namespace verb_forms_test
