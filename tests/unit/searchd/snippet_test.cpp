#include "fundus/searchd/snippet.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using fundus::analyzers::GermanAnalyzer;
using fundus::searchd::html_escape;
using fundus::searchd::make_snippet;

namespace snippet_test {
namespace {
std::vector<std::string> terms_for(GermanAnalyzer& a, std::initializer_list<const char*> words) {
    std::vector<std::string> out;
    for (const char* w : words)
        out.push_back(a.term(w));
    std::sort(out.begin(), out.end());
    return out;
}
} // namespace

TEST_CASE("html_escape escapes the five special characters", "[searchd][snippet]") {
    CHECK(html_escape(R"(<a href="x">'Tom' & Jerry</a>)") ==
          "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt;");
}

TEST_CASE("a snippet marks stemmed, gender and compound matches", "[searchd][snippet]") {
    GermanAnalyzer a(fundus::testing::resources());
    SECTION("the query Kommune marks Kommunen") {
        CHECK(make_snippet(a, "Viele Kommunen warten.", terms_for(a, {"Kommune"})) ==
              "Viele <mark>Kommunen</mark> warten.");
    }
    SECTION("the query Bürgerinnen marks a gender star form") {
        CHECK(make_snippet(a, "Die Bürger*innen wählen.", terms_for(a, {"Bürgerinnen"})) ==
              "Die <mark>Bürger*innen</mark> wählen.");
    }
    SECTION("the query Strategie marks a compound containing it") {
        CHECK(make_snippet(a, "Die Digitalisierungsstrategie steht.", terms_for(a, {"Strategie"})) ==
              "Die <mark>Digitalisierungsstrategie</mark> steht.");
    }
    SECTION("text is escaped, white space folded") {
        CHECK(make_snippet(a, "A <b> & Kommune\n\nweiter", terms_for(a, {"Kommune"})) ==
              "A &lt;b&gt; &amp; <mark>Kommune</mark> weiter");
    }
}

TEST_CASE("a long text is cut around the best passage", "[searchd][snippet]") {
    GermanAnalyzer a(fundus::testing::resources());
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "Füllwort ";
    text += "Hier steht der Rufbus im Landkreis. ";
    for (int i = 0; i < 40; ++i)
        text += "Nachsatz ";
    const auto snippet = make_snippet(a, text, terms_for(a, {"Rufbus"}), 120);
    CHECK(snippet.starts_with("…"));
    CHECK(snippet.ends_with("…"));
    CHECK(snippet.find("<mark>Rufbus</mark>") != std::string::npos);
    CHECK(snippet.size() < 200);
    SECTION("without a match, the start of the text") {
        const auto start = make_snippet(a, text, terms_for(a, {"Zebra"}), 60);
        CHECK(start.starts_with("Füllwort"));
        CHECK(start.find("<mark>") == std::string::npos);
    }
}

TEST_CASE("a long text's snippet is found far from its start", "[searchd][snippet]") {
    GermanAnalyzer a(fundus::testing::resources());
    std::string filler;
    while (filler.size() < 100000)
        filler += "Der Gemeinderat tagte am Montag im Rathaus. ";
    SECTION("the passage with the match, cut on both sides") {
        const std::string text = filler + "Die Kommunen bauen Glasfaser aus. " + filler;
        const std::string snippet = make_snippet(a, text, terms_for(a, {"Glasfaser"}));
        CHECK(snippet.find("<mark>Glasfaser</mark>") != std::string::npos);
        CHECK(snippet.starts_with("…"));
        CHECK(snippet.ends_with("…"));
        CHECK(snippet.size() < 400);
    }
    SECTION("a match inside a compound and in capitals") {
        const std::string text = filler + "DER GLASFASERAUSBAU BEGINNT. " + filler;
        CHECK(make_snippet(a, text, terms_for(a, {"Glasfaser"})).find("<mark>GLASFASERAUSBAU</mark>") !=
              std::string::npos);
    }
    SECTION("without a match, the start of the text") {
        const std::string snippet = make_snippet(a, filler, terms_for(a, {"Glasfaser"}));
        CHECK(snippet.starts_with("Der Gemeinderat tagte"));
        CHECK(snippet.ends_with("…"));
    }
}

} // namespace snippet_test
