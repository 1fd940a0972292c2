// The segmenter's own word breaking for texts of Latin letters, digits and common punctuation
// must give exactly ICU's words: compared on tricky strings, on every character it knows next to
// letters and digits, on the fixtures and the sample corpus, and on the shared corpora where the
// checkout has them (10kGNAD, XQuAD; skipped with a message otherwise).
#include "segmenter.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace segmenter_test {
namespace {

using fundus::analyzers::Segmenter;
using fundus::analyzers::WordSpan;

std::string spans_text(std::string_view text, const std::vector<WordSpan>& spans) {
    std::string out;
    for (const WordSpan& s : spans) {
        out += '[';
        out += text.substr(s.start, s.end - s.start);
        out += ']';
    }
    return out;
}

/// Whether the text took the simple path; checks that its words are ICU's either way.
bool same_as_icu(Segmenter& segmenter, std::string_view text) {
    std::vector<WordSpan> simple;
    const bool known = Segmenter::simple_words(text, simple);
    const std::vector<WordSpan> icu = segmenter.icu_words(text);
    const std::vector<WordSpan> words = segmenter.words(text);
    INFO("text: " << text);
    CHECK(spans_text(text, words) == spans_text(text, icu));
    if (known)
        CHECK(spans_text(text, simple) == spans_text(text, icu));
    return known;
}

std::string utf8(std::uint32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

/// Checks every line of `path`; returns {lines, lines that took the simple path}.
std::pair<std::size_t, std::size_t> check_lines(Segmenter& segmenter,
                                                const std::filesystem::path& path) {
    std::ifstream in(path);
    REQUIRE(in);
    std::string line;
    std::size_t lines = 0, simple = 0;
    while (std::getline(in, line)) {
        ++lines;
        if (same_as_icu(segmenter, line))
            ++simple;
    }
    return {lines, simple};
}

} // namespace

TEST_CASE("the segmenter's simple path gives ICU's words on tricky text",
          "[analyzers][segmenter]") {
    Segmenter segmenter;
    const std::vector<std::string> known = {
        "",
        "Breitbandausbau im Landkreis",
        "E-Government, z.B. im Amt; d.h. sofort.",
        "Bürger:innen, Bürger*innen, Bürger/-innen fehlen hier nicht: Bürger·innen",
        "Am 1.10.2024 kostete es 1.000,50 € (ca. 3,5 %) – oder 12:30 Uhr?",
        "5G-Ausbau, H2O, A1b2, 3.a, a.3, 1,a, a,1, x1.2y",
        "don't Max' 'quoted' l’Ordre ‘so’ „Gänsefüßchen“ »Guillemets« ‚einfach‘",
        "a..b a.:b a:b: :a .a a. ... 1..2 1,,2 1.,2 ,1 1, ;x x;y 1;2",
        "Straße, Größe, Œuvre, łódź, Ærø, ĳssel, ǅ",
        "tab\tnew\nline\r\nend  two  spaces \u00a0nbsp",
        "§ 13 Abs. 2 Satz 1 Nr. 3 BauGB — siehe Anlage 1a • Punkt … Ende ‰ ™ → ×÷ ¿¡",
        "Ende.",
        "x",
        "1",
        ".",
    };
    for (const std::string& text : known) {
        INFO("expected on the simple path: " << text);
        CHECK(same_as_icu(segmenter, text));
    }
    // Characters it leaves to ICU: the whole text then goes there.
    const std::vector<std::string> unknown = {
        "snake_case",
        "Bürger_innen",
        "Digi\u00ADtali\u00ADsierung",
        "Emoji 😀 hier",
        "Ελληνικά",
        "日本語のテキスト",
        "Kombinierend: e\u0301",
        std::string("bad \xC3 utf8"),
        std::string("ctrl \x01 char"),
    };
    for (const std::string& text : unknown) {
        std::vector<WordSpan> ignored;
        CHECK_FALSE(Segmenter::simple_words(text, ignored));
        same_as_icu(segmenter, text);
    }
}

TEST_CASE("the segmenter's simple path gives ICU's words for each character it knows",
          "[analyzers][segmenter]") {
    Segmenter segmenter;
    std::vector<std::uint32_t> code_points;
    for (std::uint32_t cp = 0x09; cp <= 0x24F; ++cp)
        code_points.push_back(cp);
    for (std::uint32_t cp :
         {0x2010u, 0x2011u, 0x2012u, 0x2013u, 0x2014u, 0x2018u, 0x2019u, 0x201Au,
          0x201Cu, 0x201Du, 0x201Eu, 0x2022u, 0x2026u, 0x2030u, 0x2039u, 0x203Au,
          0x20ACu, 0x2122u, 0x2192u, 0x2024u, 0x2027u, 0x00ADu, 0x2032u, 0x2033u})
        code_points.push_back(cp);
    std::size_t simple = 0;
    for (std::uint32_t cp : code_points) {
        const std::string c = utf8(cp);
        for (const std::string& text :
             {c, "a" + c + "b", "1" + c + "2", "a" + c + "1", "1" + c + "a", "ab" + c, c + "cd",
              "a" + c + c + "b", "12" + c + "34" + c + "56", "Wort" + c + " " + c + "Wort"}) {
            if (same_as_icu(segmenter, text))
                ++simple;
        }
    }
    CHECK(simple > 4000); // the Latin letters, digits and punctuation take the simple path
}

TEST_CASE("the segmenter's simple path gives ICU's words on the fixtures and the sample corpus",
          "[analyzers][segmenter]") {
    Segmenter segmenter;
    std::size_t lines = 0, simple = 0;
    for (const char* file :
         {"tests/fixtures/german.jsonl", "tests/fixtures/blog.jsonl", "data/corpus/praxis.jsonl"}) {
        const auto [n, s] = check_lines(segmenter, fundus::testing::source_dir() / file);
        lines += n;
        simple += s;
    }
    CHECK(lines > 50);
    CHECK(simple * 2 > lines); // most German text needs no ICU
}

TEST_CASE("the segmenter's simple path gives ICU's words on 10kGNAD and XQuAD",
          "[analyzers][segmenter][corpora]") {
    Segmenter segmenter;
    bool any = false;
    for (const auto& [corpus, file] :
         {std::pair{"10kgnad", "test.csv"}, std::pair{"xquad-de", "xquad.de.json"}}) {
        const auto dir = fundus::testing::shared_corpus(corpus);
        if (!dir) {
            WARN("../shared/corpora/" << corpus
                                      << " not found: segmenter comparison on it skipped");
            continue;
        }
        any = true;
        const auto [lines, simple] = check_lines(segmenter, *dir / file);
        CHECK(lines > 0);
        CHECK(simple * 2 > lines);
    }
    if (!any)
        SUCCEED("no shared corpora");
}

} // namespace segmenter_test
