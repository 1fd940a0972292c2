#include "fundus/analyzers/german_analyzer.h"
#include "test_support.h"
#include "word_terms.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

using fundus::analyzers::AnalyzerOptions;
using fundus::analyzers::GermanAnalyzer;
using fundus::analyzers::Token;

namespace german_analyzer_test {
namespace {

/// "term[pos]" for each token, then "+variant[pos]" for each variant: the table form.
std::vector<std::string> table(const std::string& text, AnalyzerOptions options = {}) {
    GermanAnalyzer analyzer(fundus::testing::resources(), options);
    std::vector<std::string> out;
    for (const Token& t : analyzer.analyze(text)) {
        out.push_back(t.term + "[" + std::to_string(t.position) + "]");
        for (const auto& v : t.variants)
            out.push_back("+" + v + "[" + std::to_string(t.position) + "]");
    }
    return out;
}

bool shares_term(const std::string& a, const std::string& b) {
    auto ta = fundus::testing::terms_of(a);
    auto tb = fundus::testing::terms_of(b);
    return std::any_of(ta.begin(), ta.end(), [&](const std::string& t) {
        return std::find(tb.begin(), tb.end(), t) != tb.end();
    });
}

/// The titles, teasers and bodies of real German posts: the fixtures and the sample corpus.
std::vector<std::string> post_texts() {
    std::vector<std::string> texts;
    for (const char* file :
         {"tests/fixtures/german.jsonl", "tests/fixtures/blog.jsonl", "data/corpus/praxis.jsonl"}) {
        std::ifstream in(fundus::testing::source_dir() / file);
        REQUIRE(in);
        for (std::string line; std::getline(in, line);) {
            const auto post = nlohmann::json::parse(line, nullptr, false);
            if (!post.is_object())
                continue;
            for (const char* field : {"title", "teaser", "body"})
                if (post.contains(field) && post[field].is_string())
                    texts.push_back(post[field].get<std::string>());
        }
    }
    return texts;
}

} // namespace

TEST_CASE("every word is stemmed, capitalised nouns included", "[analyzers][stemming]") {
    CHECK(table("Die Kommune und die Kommunen") ==
          std::vector<std::string>{"die[0]", "kommun[1]", "und[2]", "die[3]", "kommun[4]"});
    GermanAnalyzer analyzer(fundus::testing::resources());
    CHECK(analyzer.term("Kommunen") == analyzer.term("kommune"));
    CHECK(analyzer.term("Digitalisierung") == analyzer.term("Digitalisierungen"));
}

TEST_CASE("umlaut spellings and ß reach the same term", "[analyzers][umlauts]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    CHECK(analyzer.term("Muenchen") == analyzer.term("München"));
    CHECK(analyzer.term("Strasse") == analyzer.term("Straße"));
    CHECK(analyzer.term("Buergermeister") == analyzer.term("Bürgermeister"));
    CHECK(analyzer.term("Oekologie") == analyzer.term("Ökologie"));
    SECTION("switched off, they differ") {
        GermanAnalyzer plain(fundus::testing::resources(), AnalyzerOptions{.umlaut_folding = false});
        CHECK(plain.term("Muenchen") != plain.term("München"));
    }
}

TEST_CASE("positions and byte offsets follow the text", "[analyzers][positions]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    const std::string text = "Glasfaser für Größenwahn, 2019 und 5G.";
    auto tokens = analyzer.analyze(text, 10);
    REQUIRE(tokens.size() == 6);
    CHECK(tokens[0].position == 10);
    CHECK(tokens[5].position == 15);
    CHECK(text.substr(tokens[2].start, tokens[2].end - tokens[2].start) == "Größenwahn");
    CHECK(tokens[3].term == "2019");
    CHECK(tokens[5].term == "5g");
    CHECK(tokens[4].stopword);
    CHECK_FALSE(tokens[0].stopword);
}

TEST_CASE("a gender star form finds the plain form", "[analyzers][gender]") {
    const std::vector<std::string> expected{"burgerinn[0]", "+burg[0]"};
    for (const char* form : {"Bürger*innen", "Bürger:innen", "Bürger_innen", "Bürger·innen",
                             "BürgerInnen", "Bürger/-innen", "Bürger/innen"}) {
        INFO(form);
        CHECK(table(form) == expected);
    }
    SECTION("the unmarked feminine plural reaches the same terms") {
        CHECK(table("Bürgerinnen") == expected);
    }
    SECTION("masculine and feminine forms find each other") {
        CHECK(shares_term("Ärzt*innen", "Ärzte"));
        CHECK(shares_term("Ärztinnen", "Ärzte"));
        CHECK(shares_term("Ärztin", "Arzt"));
        CHECK(shares_term("Ärztin", "Ärzt*innen"));
        CHECK(shares_term("Lehrer:innen", "Lehrer"));
    }
    SECTION("inside compounds") {
        CHECK(shares_term("Oberbürgermeister*innen", "Oberbürgermeister"));
        CHECK(shares_term("Oberbürgermeisterinnen", "Oberbürgermeister"));
    }
    SECTION("words that merely end in -in or -innen are not gender forms") {
        for (const char* word : {"Berlin", "Termin", "Medizin", "beginnen", "gewinnen", "Spinnen"}) {
            INFO(word);
            GermanAnalyzer analyzer(fundus::testing::resources());
            auto tokens = analyzer.analyze(word);
            REQUIRE(tokens.size() == 1);
            CHECK_FALSE(tokens[0].gender_form);
        }
    }
    SECTION("positions after a merged form stay consecutive") {
        CHECK(table("die Bürger*innen vor Ort") ==
              std::vector<std::string>{"die[0]", "burgerinn[1]", "+burg[1]", "vor[2]", "ort[3]"});
    }
}

TEST_CASE("hyphenated words keep their parts and add the joined form", "[analyzers][hyphens]") {
    CHECK(table("E-Government") ==
          std::vector<std::string>{"e[0]", "+egovernment[0]", "government[1]"});
    GermanAnalyzer analyzer(fundus::testing::resources());
    auto tokens = analyzer.analyze("5G-Ausbau");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].term == "5g");
    CHECK(tokens[0].joined_to_next);
    CHECK_FALSE(tokens[1].joined_to_next);
    auto joined = analyzer.analyze("EGovernment");
    REQUIRE(joined.size() == 1);
    CHECK(joined[0].term == "egovernment"); // E-Government's joined variant
}

TEST_CASE("the head of a hyphenated run does not repeat the run's words as parts",
          "[analyzers][hyphens]") {
    // "Smart-City-Strategie" joined is smart + city + strategie: the run's own words, and a second
    // copy on the head would count them twice in their synonym group
    GermanAnalyzer analyzer(fundus::testing::resources());
    const auto smart = analyzer.analyze("Smart-City-Strategie");
    REQUIRE(smart.size() == 3);
    CHECK(smart[0].compound_parts.empty());
    CHECK(smart[0].variants == std::vector<std::string>{analyzer.term("SmartCityStrategie")});
    // "Online-Zugangsgesetz" joined is Onlinezugang + Gesetz: the head gets the part no word of
    // the run has, not "gesetz", which "Zugangsgesetz" carries already
    const auto tokens = analyzer.analyze("Online-Zugangsgesetz");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].compound_parts == std::vector<std::string>{analyzer.term("Onlinezugang")});
    CHECK(tokens[1].compound_parts ==
          std::vector<std::string>{analyzer.term("Zugang"), analyzer.term("Gesetz")});
}

TEST_CASE("a number with thousands separators is also its digits", "[analyzers][numbers]") {
    CHECK(table("1.000 Euro") == std::vector<std::string>{"1.000[0]", "+1000[0]", "euro[1]"});
    CHECK(fundus::testing::terms_of("10.000.000") ==
          std::vector<std::string>{"10.000.000", "10000000"});
    CHECK(shares_term("10.000", "10000"));
    for (const char* other : {"3.10.2024", "2,5", "1.5", "1.0000", "1234.567", "12.34"}) {
        INFO(other);
        CHECK(fundus::testing::terms_of(other).size() == 1); // a date, a decimal, no thousands
    }
}

TEST_CASE("a borrowed plural reaches its singular, inside compounds too", "[analyzers][plurals]") {
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"Zentren", "Zentrum"}, {"Themen", "Thema"},   {"Risiken", "Risiko"}, {"Museen", "Museum"},
        {"Gymnasien", "Gymnasium"}, {"Firmen", "Firma"}, {"Konten", "Konto"}, {"Viren", "Virus"},
        {"Rechenzentren", "Zentrum"}, {"Arztpraxen", "Praxis"}, {"Digitalzentren", "Zentrum"},
    };
    for (const auto& [plural, singular] : pairs) {
        INFO(plural << " -> " << singular);
        CHECK(shares_term(plural, singular));
    }
    CHECK_FALSE(shares_term("Daten", "Datum"));     // "!Daten" in data/plural-forms.txt
    CHECK_FALSE(shares_term("Christen", "Christus")); // the plural of Christ
    CHECK_FALSE(shares_term("Balken", "Balkon"));     // a singular itself (Balkens)
    CHECK_FALSE(shares_term("Medien", "Medium"));     // Medium or Media: left alone
    AnalyzerOptions off;
    off.stemming = false;
    CHECK(table("Zentren", off) == std::vector<std::string>{"zentren[0]"});
}

TEST_CASE("a plural in -eln reaches its singular in -el", "[analyzers][plurals]") {
    // Snowball leaves the -n alone: Inseln, Regeln, Ampeln, Mitteln
    for (const auto& [plural, singular] : std::vector<std::pair<std::string, std::string>>{
             {"Inseln", "Insel"}, {"Regeln", "Regel"}, {"Ampeln", "Ampel"}, {"Artikeln", "Artikel"},
             {"Fördermitteln", "Fördermittel"}, {"Verkehrsregeln", "Verkehrsregel"}}) {
        INFO(plural << " -> " << singular);
        CHECK(shares_term(plural, singular));
    }
    CHECK_FALSE(shares_term("handeln", "Handel")); // a verb in lower case
    CHECK_FALSE(shares_term("wechseln", "Wechsel"));
}

TEST_CASE("a plural or genitive in -s that Snowball keeps reaches the word without it",
          "[analyzers][plurals]") {
    // Snowball takes an -s only after b, d, f, g, h, k, l, m, n, r and t
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"Kitas", "Kita"},
        {"Autos", "Auto"},
        {"Büros", "Büro"},
        {"Bueros", "Büro"},
        {"Handys", "Handy"},
        {"Apps", "App"},
        {"Laptops", "Laptop"},
        {"Shows", "Show"},
        {"Pkws", "Pkw"},
        {"Europas", "Europa"},
        {"Videos", "Video"},
        {"Workshops", "Workshop"},
        {"Elektroautos", "Elektroauto"},
        {"Bürgerapps", "App"},
        {"Schulbüros", "Büro"},
        {"Kinderkameras", "Kamera"},
    };
    for (const auto& [inflected, base] : pairs) {
        INFO(inflected << " -> " << base);
        CHECK(shares_term(inflected, base));
    }
    // after a diphthong, the -s belongs to the word: ice is no egg, maize no May
    CHECK_FALSE(shares_term("Eis", "Ei"));
    CHECK_FALSE(shares_term("Mais", "Mai"));
    CHECK_FALSE(shares_term("Haus", "Hau"));
    // stopped in data/plural-forms.txt: two first names, an English word
    CHECK_FALSE(shares_term("Andreas", "Andrea"));
    CHECK_FALSE(shares_term("Carlos", "Carlo"));
    CHECK_FALSE(shares_term("News", "New"));
    CHECK(table("Kitas") == std::vector<std::string>{"kitas[0]", "+kita[0]"});
    AnalyzerOptions off;
    off.stemming = false;
    CHECK(table("Kitas", off) == std::vector<std::string>{"kitas[0]"});
}

TEST_CASE("an English plural in -ies reaches its singular in -y", "[analyzers][plurals]") {
    // Snowball: cities -> citi, city -> city
    for (const auto& [plural, singular] :
         std::vector<std::pair<std::string, std::string>>{{"Cities", "City"},
                                                          {"Communities", "Community"},
                                                          {"Stories", "Story"},
                                                          {"Hobbies", "Hobby"},
                                                          {"Partys", "Parties"}}) {
        INFO(plural << " -> " << singular);
        CHECK(shares_term(plural, singular));
    }
    CHECK(table("Cities") == std::vector<std::string>{"citi[0]", "+city[0]"});
    // no noun in -y: the word is left alone
    CHECK(table("Spezies") == std::vector<std::string>{"spezi[0]"});
    CHECK(table("Paradies") == std::vector<std::string>{"paradi[0]"});
    CHECK(table("cities") == std::vector<std::string>{"citi[0]"}); // a noun has a capital
}

TEST_CASE("a word the word list lacks has its two -s forms for the query", "[analyzers][plurals]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    for (const char* word : {"teslas", "tesla"}) {
        INFO(word);
        const auto forms = analyzer.unknown_word_s_forms(word);
        CHECK(forms.with_s == "teslas");
        CHECK(forms.without_s == "tesla");
    }
    CHECK(analyzer.unknown_word_s_forms("teterow").with_s == "teterows");
    // a known word, a diphthong, a letter Snowball takes the -s after, digits: none
    for (const char* word :
         {"kitas", "kita", "andreas", "wolkenau", "wolkenaus", "brandt", "mp3"}) {
        INFO(word);
        CHECK(analyzer.unknown_word_s_forms(word).with_s.empty());
    }
}

TEST_CASE("an abbreviation with a lower-case -s reaches the abbreviation", "[analyzers][plurals]") {
    CHECK(table("KMUs") == std::vector<std::string>{"kmus[0]", "+kmu[0]"});
    for (const auto& [inflected, base] : std::vector<std::pair<std::string, std::string>>{
             {"NGOs", "NGO"}, {"PCs", "PC"}, {"MP3s", "MP3"}, {"IDs", "ID"}, {"KMUs", "kmu"}}) {
        INFO(inflected << " -> " << base);
        CHECK(shares_term(inflected, base));
    }
    // written otherwise, it is a word like any other: no capitals, one capital, or all capitals
    CHECK(table("kmus") == std::vector<std::string>{"kmus[0]"});
    CHECK(table("Kmus") == std::vector<std::string>{"kmus[0]"});
    CHECK(table("BUS") == std::vector<std::string>{"bus[0]"});
    CHECK(table("OS") == std::vector<std::string>{"os[0]"});
    AnalyzerOptions off;
    off.stemming = false;
    CHECK(table("KMUs", off) == std::vector<std::string>{"kmus[0]"});
}

TEST_CASE("plural-forms.txt adds plurals, stops them and names a bad line", "[analyzers][plurals]") {
    fundus::testing::TempDir dir;
    for (const char* file : {"stopwords.txt", "lexicon-extra.txt", "compound-exceptions.txt", "verb-forms.txt"})
        std::filesystem::copy_file(fundus::testing::source_dir() / "data" / file, dir.path() / file);
    fundus::analyzers::ResourcePaths paths;
    paths.data_dir = dir.path();
    paths.lexicon = "/usr/share/dict/ngerman";
    std::ofstream(dir.path() / "plural-forms.txt") << "# test\nMedium: Medien\n!Themen\n";
    GermanAnalyzer analyzer(fundus::analyzers::AnalyzerResources::load(paths));
    auto has = [&](const std::string& word, const std::string& other) {
        const auto tokens = analyzer.analyze(word);
        const std::string target = analyzer.term(other);
        return tokens.size() == 1 && (tokens[0].term == target ||
                                      std::find(tokens[0].variants.begin(), tokens[0].variants.end(),
                                                target) != tokens[0].variants.end());
    };
    CHECK(has("Medien", "Medium"));
    CHECK_FALSE(has("Themen", "Thema"));
    CHECK(has("Zentren", "Zentrum"));
    std::ofstream(dir.path() / "plural-forms.txt", std::ios::trunc) << "# test\nMedium: Medien\nThemen\n";
    CHECK_THROWS_WITH(fundus::analyzers::AnalyzerResources::load(paths), Catch::Contains("plural-forms.txt:3"));
}

TEST_CASE("compounds are indexed with their parts at the same position", "[analyzers][compounds]") {
    auto parts_of = [](const std::string& word) {
        GermanAnalyzer analyzer(fundus::testing::resources());
        auto tokens = analyzer.analyze(word);
        REQUIRE(tokens.size() == 1);
        return tokens[0].compound_parts;
    };
    GermanAnalyzer a(fundus::testing::resources());
    CHECK(parts_of("Breitbandstrategie") ==
          std::vector<std::string>{a.term("Breitband"), a.term("Strategie")});
    CHECK(parts_of("Digitalisierungsstrategie") ==
          std::vector<std::string>{a.term("Digitalisierung"), a.term("Strategie")});
    CHECK(parts_of("Glasfaserausbau") ==
          std::vector<std::string>{a.term("Glasfaser"), a.term("Ausbau")});
    SECTION("switched off, no parts") {
        GermanAnalyzer off(fundus::testing::resources(), AnalyzerOptions{.decompound = false});
        CHECK(off.analyze("Breitbandstrategie")[0].compound_parts.empty());
    }
}

TEST_CASE("the word cache gives the same analyses when it is filled, emptied and filled again",
          "[analyzers][cache]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    const std::string text = "Die Bürger*innen planen den Glasfaserausbau im E-Government-Portal.";
    auto render = [&] {
        std::vector<std::string> out;
        for (const Token& t : analyzer.analyze(text)) {
            out.push_back(t.term + "[" + std::to_string(t.position) + "]");
            for (const auto& v : t.variants)
                out.push_back("+" + v);
        }
        return out;
    };
    // match() of the words' own terms: the marked words by offset and term.
    auto marks = [&] {
        std::vector<std::string> terms;
        for (const Token& t : analyzer.analyze(text))
            terms.push_back(t.term);
        std::sort(terms.begin(), terms.end());
        std::vector<std::string> out;
        for (const auto& m : analyzer.match(text, terms))
            out.push_back(std::to_string(m.start) + "-" + std::to_string(m.end) + ":" +
                          (m.term != nullptr ? *m.term : std::string("-")));
        return out;
    };
    const auto fresh = render();
    const auto fresh_marks = marks();
    CHECK(render() == fresh); // from the cache
    CHECK(marks() == fresh_marks);
    // More distinct words than the cache keeps (200,000): it is emptied on the way.
    std::string many;
    for (int i = 0; i < 210000; ++i) {
        many += "w";
        many += std::to_string(i);
        many += ' ';
        if (many.size() > 100000) {
            analyzer.analyze(many);
            many.clear();
        }
    }
    analyzer.analyze(many);
    CHECK(marks() == fresh_marks); // words found as written must not lead into the emptied cache
    CHECK(render() == fresh);
    CHECK(render() == fresh);
    CHECK(marks() == fresh_marks);
    CHECK(std::find(fresh.begin(), fresh.end(), "+ausbau") != fresh.end());
    CHECK(std::find(fresh.begin(), fresh.end(), "+egovernmentportal") != fresh.end());

    // Hyphenated pairs of a few hundred words: nearly every entry is a joined word, so the cache
    // is emptied while a run is joined, and the next text's words, found as written, must not
    // lead into the emptied cache. A word with digits is its own term.
    std::size_t tokens = 0, wrong = 0;
    std::string pairs;
    auto check_pairs = [&] {
        for (const Token& t : analyzer.analyze(pairs)) {
            ++tokens;
            if (t.term != t.word)
                ++wrong;
        }
        pairs.clear();
    };
    for (int i = 0; i < 500; ++i) {
        for (int j = 0; j < 500; ++j)
            pairs += "k" + std::to_string(i) + "-k" + std::to_string(j) + " ";
        check_pairs();
    }
    CHECK(tokens == 500000);
    CHECK(wrong == 0);
    CHECK(render() == fresh);
    CHECK(marks() == fresh_marks);
}

TEST_CASE("an analyzer that keeps few words analyses every text as one that keeps many",
          "[analyzers][cache]") {
    // Real posts, and a sentence with a gender gap, hyphenated runs, a compound, a verb form and
    // a number: every kind of cache entry.
    std::vector<std::string> texts = post_texts();
    texts.push_back(
        "Die Bürger*innen beantragten den Glasfaserausbau im E-Government-Portal; 12.500 Euro "
        "gewann die Gemeinde Lübbenau/Spreewald für ihr Open-Data-Projekt.");
    auto rendered = [](GermanAnalyzer& analyzer, const std::string& text) {
        std::vector<std::string> out;
        std::vector<std::string> terms;
        for (const Token& t : analyzer.analyze(text, 7)) {
            std::string row = t.term + "|" + t.word + "|" + std::to_string(t.position) + "|" +
                              std::to_string(t.start) + "-" + std::to_string(t.end) + "|" +
                              t.infinitive + "|" + (t.stopword ? "s" : "") +
                              (t.joined_to_next ? "j" : "") + (t.gender_form ? "g" : "");
            for (const auto& v : t.variants)
                row += " +" + v;
            for (const auto& p : t.compound_parts)
                row += " part:" + p;
            out.push_back(row);
            terms.push_back(t.term);
        }
        std::sort(terms.begin(), terms.end());
        for (const auto& m : analyzer.match(text, terms))
            out.push_back("match " + std::to_string(m.start) + "-" + std::to_string(m.end) + ":" +
                          (m.term != nullptr ? *m.term : std::string("-")));
        return out;
    };
    GermanAnalyzer many(fundus::testing::resources());
    std::vector<std::vector<std::string>> expected;
    for (const auto& text : texts)
        expected.push_back(rendered(many, text));
    REQUIRE(texts.size() > 30);
    for (const std::size_t limit : {1, 2, 5, 40}) {
        GermanAnalyzer few(fundus::testing::resources());
        few.set_word_cache_limit(limit);
        GermanAnalyzer copy = few;              // a copy keeps the limit
        for (int round = 0; round < 2; ++round) // the second round meets words seen before
            for (std::size_t i = 0; i < texts.size(); ++i) {
                INFO("limit " << limit << ", round " << round << ", text " << i);
                CHECK(rendered(few, texts[i]) == expected[i]);
                CHECK(rendered(copy, texts[i]) == expected[i]);
            }
    }
    CHECK_THROWS_WITH(many.set_word_cache_limit(0), Catch::Contains("at least 1"));
}

} // namespace german_analyzer_test

namespace german_analyzer_test {

TEST_CASE("match() finds the words and matches that analyze()'s tokens give",
          "[analyzers][match]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    // Real German text (post_texts()), plus what is hard: hyphenated runs, gender forms,
    // compounds, verb forms, a word too long to be one, a hyphen after it.
    std::vector<std::string> texts = post_texts();
    texts.push_back(
        "Die Smart-City-Strategie der Bürger*innen und E-Government-Projekte; "
        "Oberbürgermeister:innen gewannen den 5G-Ausbau. Ärzt_innen, LehrerInnen, "
        "Glasfaserausbau im Landkreis. "
        "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsleitung-Plan "
        "und Breitband-Förderung.");
    REQUIRE(texts.size() > 50);
    std::size_t words = 0, matches = 0, variant_matches = 0;
    for (const auto& text : texts) {
        const auto tokens = analyzer.analyze(text);
        // Wanted terms: every fifth word's term and every third word's last variant.
        std::vector<std::string> terms;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i % 5 == 0)
                terms.push_back(tokens[i].term);
            if (i % 3 == 0 && !tokens[i].variants.empty())
                terms.push_back(tokens[i].variants.back());
        }
        std::sort(terms.begin(), terms.end());
        terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
        const auto found = analyzer.match(text, terms);
        REQUIRE(found.size() == tokens.size());
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            INFO(text << "\nword " << i << ": " << tokens[i].word);
            CHECK(found[i].start == tokens[i].start);
            CHECK(found[i].end == tokens[i].end);
            std::string expected;
            if (std::binary_search(terms.begin(), terms.end(), tokens[i].term))
                expected = tokens[i].term;
            for (std::size_t v = 0; expected.empty() && v < tokens[i].variants.size(); ++v)
                if (std::binary_search(terms.begin(), terms.end(), tokens[i].variants[v]))
                    expected = tokens[i].variants[v];
            CHECK((found[i].term == nullptr ? std::string() : *found[i].term) == expected);
            if (found[i].term != nullptr) {
                CHECK(found[i].term >= terms.data());
                CHECK(found[i].term < terms.data() + terms.size());
            }
            ++words;
            matches += !expected.empty();
            variant_matches += !expected.empty() && expected != tokens[i].term;
        }
    }
    CHECK(words > 1000);
    CHECK(matches > 200);
    CHECK(variant_matches > 20); // variants, the joined forms' among them, were really compared
}

TEST_CASE("match() marks the head of a hyphenated run by the joined word and its parts",
          "[analyzers][match]") {
    GermanAnalyzer analyzer(fundus::testing::resources());
    const std::vector<std::string> terms = {analyzer.term("EGovernment"),
                                            analyzer.term("Strategie")};
    std::vector<std::string> sorted = terms;
    std::sort(sorted.begin(), sorted.end());
    const auto found = analyzer.match("Das E-Government und die Smart-City-Strategie", sorted);
    REQUIRE(found.size() == 8);        // Das E Government und die Smart City Strategie
    REQUIRE(found[1].term != nullptr); // "E", the head of E-Government
    CHECK(*found[1].term == analyzer.term("EGovernment"));
    CHECK(found[2].term == nullptr);   // "Government" alone is not "egovernment"
    CHECK(found[5].term == nullptr);   // "Smart": "strategi" is the run's last word's, not a
                                       // part of the joined compound only the head carries
    REQUIRE(found[7].term != nullptr); // "Strategie" itself
    CHECK(found[0].term == nullptr);
    CHECK(found[3].term == nullptr);
}

} // namespace german_analyzer_test
