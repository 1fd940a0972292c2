#include "fundus/analyzers/german_analyzer.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <algorithm>

using fundus::analyzers::GermanAnalyzer;

namespace decompounder_test {
namespace {
std::vector<std::string> parts(const std::string& word) {
    GermanAnalyzer analyzer(fundus::testing::resources());
    auto tokens = analyzer.analyze(word);
    REQUIRE(tokens.size() == 1);
    return tokens[0].compound_parts;
}
std::vector<std::string> terms(std::initializer_list<const char*> words) {
    GermanAnalyzer analyzer(fundus::testing::resources());
    std::vector<std::string> out;
    for (const char* w : words)
        out.push_back(analyzer.term(w));
    return out;
}
} // namespace

TEST_CASE("compounds split into the fewest, longest lexicon words", "[analyzers][compounds]") {
    CHECK(parts("Gesamtkonzept") == terms({"gesamt", "Konzept"}));
    CHECK(parts("Wortbeitrag") == terms({"Wort", "Beitrag"}));
    CHECK(parts("Bürgerbeteiligung") == terms({"Bürger", "Beteiligung"}));
    CHECK(parts("Mobilfunkversorgung") == terms({"Mobilfunk", "Versorgung"}));
}

TEST_CASE("linking elements are removed from the parts", "[analyzers][compounds]") {
    CHECK(parts("Digitalisierungsstrategie") == terms({"Digitalisierung", "Strategie"}));
    CHECK(parts("Gemeindeverwaltung") == terms({"Gemeinde", "Verwaltung"}));
    CHECK(parts("Schulentwicklung") == terms({"Schule", "Entwicklung"}));
}

TEST_CASE("umlaut transliterations split like the umlaut spelling", "[analyzers][compounds]") {
    CHECK(parts("Buergerbeteiligung") == parts("Bürgerbeteiligung"));
}

TEST_CASE("words are not split into false parts", "[analyzers][compounds]") {
    for (const char* word : {"digital", "Verwaltung", "Beispiel", "Vorteil", "Gemeinde", "Angebot",
                             "Station", "Beitrag", "Kalender", "Anmeldung"}) {
        INFO(word);
        CHECK(parts(word).empty());
    }
}

TEST_CASE("a lower-case umlaut first letter is no noun's capital", "[analyzers][compounds]") {
    // Ä/Ö/Ü and ä/ö/ü share their first UTF-8 byte: verbs are not split like nouns
    for (const char* word : {"übersetzen", "übernehmen", "überarbeiten", "überwiesen"}) {
        INFO(word);
        CHECK(parts(word).empty());
    }
    CHECK(parts("Übergangsregelung") == terms({"Übergang", "Regelung"}));
    CHECK(parts("Öffnungszeiten") == terms({"Öffnung", "Zeit"}));
}

TEST_CASE("nouns the word list has only in lower case are parts too", "[analyzers][compounds]") {
    // wngerman keeps "teil", "zeit", "weg", "dienst" for noun and particle alike; their
    // capitalised inflections (Teiles, Zeiten, Weges, Dienstes, Kräfte, Pläne) give the noun away
    CHECK(parts("Zeitplan") == terms({"Zeit", "Plan"}));
    CHECK(parts("Radweg") == terms({"Rad", "Weg"}));
    CHECK(parts("Stadtteil") == terms({"Stadt", "Teil"}));
    CHECK(parts("Dienstleistung") == terms({"Dienst", "Leistung"}));
    CHECK(parts("Windkraft") == terms({"Wind", "Kraft"}));
    CHECK(parts("Teilerfolgen") == terms({"Teil", "Erfolg"})); // not Teiler + Folgen
    CHECK(parts("Teilerfolgen") == parts("Teilerfolg"));
    // and the ones data/lexicon-extra.txt names because nothing gives them away
    CHECK(parts("Autobahn") == terms({"Auto", "Bahn"}));
    CHECK(parts("Baurecht") == terms({"Bau", "Recht"}));
    CHECK(parts("Fördermittel") == terms({"fördern", "Mittel"}));
    // a dative plural in -eln/-ern heads a compound like its noun; a verb in -ern is no noun
    CHECK(parts("Verkehrsmitteln") == terms({"Verkehr", "Mittel"}));
    CHECK(parts("Telefonnummern") == terms({"Telefon", "Nummer"}));
    CHECK(parts("verbessern").empty());
}

TEST_CASE("a noun in -ung made from a verb is not split inside the verb",
          "[analyzers][compounds]") {
    // gründen -> Gründung, not Grün + Dung; kleiden -> Kleidung, not Klei + Dung
    for (const char* word : {"Gründung", "Gründungen", "Kleidung", "Abstimmung", "Umsetzung"}) {
        INFO(word);
        CHECK(parts(word).empty());
    }
    // a compound whose head is such a noun still splits before it
    CHECK(parts("Gewerbeanmeldung") == terms({"Gewerbe", "Anmeldung"}));
    CHECK(parts("Breitbandförderung") == terms({"Breitband", "Förderung"}));
    const auto firm = parts("Firmengründung");
    CHECK(std::find(firm.begin(), firm.end(), terms({"Gründung"})[0]) != firm.end());
    CHECK(std::find(firm.begin(), firm.end(), terms({"Dung"})[0]) == firm.end());
}

TEST_CASE("the editor's exception list overrides the lexicon", "[analyzers][compounds]") {
    // data/compound-exceptions.txt lists "Rathaus = Rat + Haus" and "Verwaltung" (never split).
    CHECK(parts("Rathaus") == terms({"Rat", "Haus"}));
    CHECK(parts("Verwaltung").empty());
}

} // namespace decompounder_test
