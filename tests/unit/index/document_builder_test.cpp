#include "fundus/index/document_builder.h"
#include "fundus/index/schema.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace fundus::index;

namespace document_builder_test {
namespace {

Post sample_post() {
    Post p;
    p.id = "fx-1";
    p.title = "Glasfaser für Kommunen";
    p.teaser = "Der Breitbandausbau";
    p.body = "Die Bürger*innen freuen sich.";
    p.authors = {"Anna Lehmann"};
    p.published = "2021-03-01";
    p.type = "praxisbeispiel";
    p.topics = {"Breitband", "Smart Region"};
    p.tags = {"Gigabit"};
    p.region = {"Bayern", "Landkreis Cham", "Waldmünchen"};
    return p;
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term;
}

Xapian::termcount wdf(const Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
}

} // namespace

TEST_CASE("a post becomes terms, boolean filters, values and stored data", "[index][schema]") {
    DocumentBuilder builder{fundus::analyzers::GermanAnalyzer(fundus::testing::resources())};
    std::vector<std::string> spelling, suggest;
    const Xapian::Document doc = builder.build(sample_post(), &spelling, &suggest);

    SECTION("title words are searchable plain and with the title prefix, weighted above the body") {
        CHECK(has_term(doc, "kommun"));
        CHECK(has_term(doc, "Skommun"));
        CHECK(wdf(doc, "kommun") == schema::weight_title);
    }
    SECTION("compound parts (prefixed, to weigh less) and gender bases are indexed too") {
        CHECK(has_term(doc, "breitbandausbau"));
        CHECK(has_term(doc, "XPbreitband"));
        CHECK(has_term(doc, "XPausbau"));
        CHECK_FALSE(has_term(doc, "ausbau"));
        CHECK(has_term(doc, "burgerinn"));
        CHECK(has_term(doc, "burg"));
    }
    SECTION("filters, authors and tags") {
        CHECK(has_term(doc, "Qfx-1"));
        CHECK(has_term(doc, "XTOPIC:breitband"));
        CHECK(has_term(doc, "XTOPIC:smart_region"));
        CHECK(has_term(doc, "XLAND:bayern"));
        CHECK(has_term(doc, "XKREIS:landkreis_cham"));
        CHECK(has_term(doc, "XTYPE:praxisbeispiel"));
        CHECK(has_term(doc, "XYEAR:2021"));
        CHECK(has_term(doc, "Alehmann"));
        CHECK(has_term(doc, "Kgigabit"));
    }
    SECTION("values for sorting and facets") {
        CHECK(doc.get_value(schema::slot_date) == "2021-03-01");
        CHECK(doc.get_value(schema::slot_topics) == "Breitband\nSmart Region");
        CHECK(doc.get_value(schema::slot_state) == "Bayern");
        CHECK(doc.get_value(schema::slot_hash).size() == 16);
    }
    SECTION("stored data for display") {
        const auto data = nlohmann::json::parse(doc.get_data());
        CHECK(data["title"] == "Glasfaser für Kommunen");
        CHECK(data["region"]["district"] == "Landkreis Cham");
    }
    SECTION("spelling words are the folded, unstemmed words") {
        CHECK(std::find(spelling.begin(), spelling.end(), "kommunen") != spelling.end());
        CHECK(std::find(spelling.begin(), spelling.end(), "für") == spelling.end()); // stop word
    }
    SECTION("word suggestions are keys with the word as written, each once, and no terms") {
        const std::string prefix(schema::suggest_word);
        auto has_key = [&](const std::string& key) {
            return std::find(suggest.begin(), suggest.end(), prefix + key) != suggest.end();
        };
        CHECK(has_key("glasfaser\tGlasfaser"));
        CHECK(has_key("kommunen\tKommunen"));
        CHECK(has_key("breitbandausbau\tBreitbandausbau"));
        CHECK(has_key("buerger innen\tBürger*innen")); // key: folded, punctuation as a space
        CHECK(has_key("cham\tCham"));                  // the region's words too
        CHECK_FALSE(has_key("fuer\tfür"));             // a stop word
        CHECK(std::is_sorted(suggest.begin(), suggest.end()));
        CHECK(std::adjacent_find(suggest.begin(), suggest.end()) == suggest.end());
        auto t = doc.termlist_begin();
        t.skip_to(prefix);
        CHECK((t == doc.termlist_end() || !(*t).starts_with(prefix)));
    }
}

TEST_CASE("related posts leave out the terms of stop words and of infinitives the post has only as "
          "verb forms",
          "[index][schema][related]") {
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    DocumentBuilder builder{analyzer};
    Post p;
    p.id = "verbs";
    p.title = "Der Verein gewann den Preis";
    p.body = "Die Gemeinde beantragte Fördermittel. Den Antrag stellen wir gern.";
    const Xapian::Document doc = builder.build(p);
    std::vector<std::string> skipped;
    const std::string stored = doc.get_value(schema::slot_stop_terms);
    for (std::size_t from = 0; from <= stored.size();) {
        auto to = stored.find(schema::multi_value_separator, from);
        if (to == std::string::npos)
            to = stored.size();
        skipped.emplace_back(stored, from, to - from);
        from = to + 1;
    }
    auto skips = [&](const std::string& word) {
        return std::find(skipped.begin(), skipped.end(), analyzer.term(word)) != skipped.end();
    };
    CHECK(skips("der"));           // a stop word
    CHECK(skips("gewinnen"));      // only as "gewann": still indexed, but no reason to relate
    CHECK(skips("beantragen"));    // only as "beantragte"
    CHECK_FALSE(skips("stellen")); // written as the infinitive itself
    CHECK_FALSE(skips("Preis"));
    CHECK(has_term(doc, analyzer.term("gewinnen"))); // searchable all the same
    CHECK(std::is_sorted(skipped.begin(), skipped.end()));

    p.body += " Der Gewinn geht an die Schule.";
    const Xapian::Document with_noun = builder.build(p);
    CHECK(with_noun.get_value(schema::slot_stop_terms).find(analyzer.term("gewinnen")) ==
          std::string::npos); // "Gewinn" has the term as a word of its own
}

TEST_CASE("positions allow phrases within a field but not across fields", "[index][schema]") {
    DocumentBuilder builder{fundus::analyzers::GermanAnalyzer(fundus::testing::resources())};
    const Xapian::Document doc = builder.build(sample_post());
    auto positions = [&](const std::string& term) {
        std::vector<Xapian::termpos> out;
        auto t = doc.termlist_begin();
        t.skip_to(term);
        if (t == doc.termlist_end() || *t != term)
            return out;
        for (auto it = t.positionlist_begin(); it != t.positionlist_end(); ++it)
            out.push_back(*it);
        return out;
    };
    const auto glas = positions("glasfas");
    const auto fuer = positions("fur");
    REQUIRE(glas.size() == 1);
    REQUIRE_FALSE(fuer.empty());
    CHECK(fuer[0] == glas[0] + 1);
    const auto teaser = positions("breitbandausbau");
    REQUIRE(teaser.size() == 1);
    CHECK(teaser[0] > glas[0] + schema::field_position_gap);
}

TEST_CASE("the content hash changes with the content", "[index][schema]") {
    Post a = sample_post();
    Post b = sample_post();
    b.body += " Neu.";
    CHECK(DocumentBuilder::content_hash(DocumentBuilder::stored_data(a)) ==
          DocumentBuilder::content_hash(DocumentBuilder::stored_data(sample_post())));
    CHECK(DocumentBuilder::content_hash(DocumentBuilder::stored_data(a)) !=
          DocumentBuilder::content_hash(DocumentBuilder::stored_data(b)));
}

TEST_CASE("the content hash is FNV-1a 64 in hex", "[index][schema]") {
    // Published test vectors of FNV-1a 64 (offset basis 0xcbf29ce484222325).
    CHECK(DocumentBuilder::content_hash("") == "cbf29ce484222325");
    CHECK(DocumentBuilder::content_hash("a") == "af63dc4c8601ec8c");
    CHECK(DocumentBuilder::content_hash("foobar") == "85944171f73967e8");
}

} // namespace document_builder_test
