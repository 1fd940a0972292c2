// The in-memory value table: what it reads from an index (documents deleted and added later), its
// facet spy and date key against Xapian's own, and the search service answering the same with and
// without it over the sample corpus.
#include "facets.h"
#include "service_fixture.h"
#include "value_table.h"

#include "fundus/index/schema.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <tuple>

using namespace fundus::searchd;
namespace schema = fundus::index::schema;

namespace value_table_test {
namespace {

/// A document with `term` and the given date, type, Land and topics.
Xapian::Document document(const std::string& term, const std::string& date, const std::string& type,
                          const std::string& state, const std::string& topics) {
    Xapian::Document doc;
    doc.add_term(term);
    doc.add_term("post");
    if (!date.empty())
        doc.add_value(schema::slot_date, date);
    if (!type.empty())
        doc.add_value(schema::slot_type, type);
    if (!state.empty())
        doc.add_value(schema::slot_state, state);
    if (!topics.empty())
        doc.add_value(schema::slot_topics, topics);
    return doc;
}

/// Seven documents, the fourth deleted (a gap in the document ids), the sixth without values.
void fill(Xapian::WritableDatabase& db, int shard = 0) {
    const std::string s = std::to_string(shard);
    db.add_document(document("a" + s, "2021-03-01", "post", "Bayern", "Mobilität"));
    db.add_document(
        document("b" + s, "2022-05-10", "praxisbeispiel", "Hessen", "Bildung\nMobilität"));
    db.add_document(document("c" + s, "2020-01-20", "post", "Bayern", ""));
    const Xapian::docid gone =
        db.add_document(document("d" + s, "2019-01-01", "post", "Sachsen", "Energie"));
    db.add_document(document("e" + s, "2023-07-07", "post", "Hessen", "Bildung"));
    db.add_document(document("f" + s, "", "", "", ""));
    db.add_document(document("g" + s, "2021-03-01", "praxisbeispiel", "Bayern", "Mobilität"));
    db.delete_document(gone);
    db.commit();
}

/// The table's value of every slot of every document equals the document's own.
void check_same_values(const Xapian::Database& db, const ValueTable& table) {
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        REQUIRE(table.covers(*it));
        for (Xapian::valueno slot = 0; slot < ValueTable::columns; ++slot) {
            INFO("document " << *it << ", slot " << slot);
            CHECK(table.value(slot, table.code(*it, slot)) == doc.get_value(slot));
            CHECK(table.get(doc, slot) == doc.get_value(slot));
        }
    }
}

/// fill(), then the table of what it wrote.
std::shared_ptr<const ValueTable> fill_and_load(Xapian::WritableDatabase& db) {
    fill(db);
    return ValueTable::load(db);
}

/// A database of fill() in a temporary folder, and its value table read right after.
struct FilledDatabase {
    fundus::testing::TempDir dir;
    Xapian::WritableDatabase db{(dir.path() / "db").string(), Xapian::DB_CREATE};
    std::shared_ptr<const ValueTable> table = fill_and_load(db);
};

} // namespace

TEST_CASE("a value table holds every document's date and facet values", "[searchd][values]") {
    FilledDatabase filled;
    auto& db = filled.db;
    const auto& table = filled.table;
    check_same_values(db, *table);
    CHECK(table->code(6, schema::slot_date) == 0); // no values: code 0, ""
    CHECK(table->value(schema::slot_state, table->code(1, schema::slot_state)) == "Bayern");
    CHECK(table->code(1, schema::slot_state) == table->code(3, schema::slot_state));
    CHECK(table->distinct(schema::slot_state) == 3); // "", Bayern, Hessen (Sachsen was deleted)
    CHECK(table->distinct(schema::slot_district) == 1);
    CHECK_FALSE(table->covers(8));
    CHECK(table->memory_bytes() >= 8 * ValueTable::columns * sizeof(std::uint32_t));
}

TEST_CASE("a combination of databases gets no value table", "[searchd][values]") {
    // Over several databases Xapian hands spies and key makers each shard's own document ids.
    fundus::testing::TempDir dir;
    Xapian::Database combined;
    for (int shard = 0; shard < 2; ++shard) {
        const auto path = (dir.path() / ("shard-" + std::to_string(shard))).string();
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
        fill(db, shard);
        combined.add_database(Xapian::Database(path));
    }
    CHECK(ValueTable::load(combined) == nullptr);
}

TEST_CASE("the table's facet spy counts what ValueCountMatchSpy counts", "[searchd][values]") {
    FilledDatabase filled;
    auto& db = filled.db;
    const auto& table = filled.table;
    // Documents added after the table was read are counted from their own values.
    db.add_document(document("late", "2025-01-01", "post", "Brandenburg", "Bildung"));
    db.add_document(document("late", "2025-01-02", "post", "Bayern", ""));
    db.commit();

    for (const auto limit : {100U, 3U, 0U}) {
        INFO("limit " << limit);
        const std::vector<Xapian::valueno> slots{schema::slot_state, schema::slot_type,
                                                 schema::slot_topics};
        TableFacetSpy from_table(*table, slots, limit);
        Xapian::ValueCountMatchSpy state(schema::slot_state), type(schema::slot_type),
            topics(schema::slot_topics);
        FirstMatchesSpy first({&state, &type, &topics}, limit);
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query("post"));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(&from_table);
        enquire.add_matchspy(&first);
        enquire.get_mset(0, 10, db.get_doccount());
        CHECK(from_table.seen() == std::min(limit, db.get_doccount()));
        CHECK(from_table.seen() == first.seen());
        CHECK(from_table.counts(schema::slot_state) == counts_of(state));
        CHECK(from_table.counts(schema::slot_type) == counts_of(type));
        CHECK(from_table.counts(schema::slot_topics) == counts_of(topics));
        CHECK(from_table.counts(schema::slot_year).empty()); // not asked for
        if (limit == 100) {
            CHECK(from_table.counts(schema::slot_state) ==
                  std::map<std::string, Xapian::doccount>{
                      {"Bayern", 4}, {"Brandenburg", 1}, {"Hessen", 2}});
            CHECK(split_values(from_table.counts(schema::slot_topics)) ==
                  std::map<std::string, Xapian::doccount>{{"Bildung", 3}, {"Mobilität", 3}});
        }
    }
}

TEST_CASE("the table's date key sorts as the date slot does", "[searchd][values]") {
    FilledDatabase filled;
    auto& db = filled.db;
    const auto& table = filled.table;
    db.add_document(document("late", "2020-06-01", "post", "Bayern", ""));
    db.commit();
    TableDateKey key(*table);
    auto order = [&](bool by_key, bool relevance_first) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query("post"));
        if (by_key && relevance_first)
            enquire.set_sort_by_relevance_then_key(&key, true);
        else if (by_key)
            enquire.set_sort_by_key_then_relevance(&key, true);
        else if (relevance_first)
            enquire.set_sort_by_relevance_then_value(schema::slot_date, true);
        else
            enquire.set_sort_by_value_then_relevance(schema::slot_date, true);
        std::vector<Xapian::docid> out;
        for (const auto did : enquire.get_mset(0, 10))
            out.push_back(did);
        return out;
    };
    CHECK(order(true, false) == order(false, false));
    CHECK(order(true, true) == order(false, true));
    // Newest first: 2023-07-07 (5), 2022-05-10 (2), 2021-03-01 (1 and 7: the same key), ...
    const auto by_date = order(true, false);
    REQUIRE(by_date.size() == 7);
    CHECK(by_date[0] == 5);
    CHECK(by_date[1] == 2);
    CHECK(by_date.back() == 6); // no date sorts last
}

TEST_CASE("searches answer the same with and without the value table", "[searchd][values]") {
    const auto corpus = fundus::testing::source_dir() / "data" / "corpus";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(corpus))
        files.push_back(entry.path());
    ServiceOptions with_table;
    ServiceOptions without_table;
    without_table.layout.value_table = false;
    auto a = fundus::testing::ServiceFixture::of_files(files, with_table);
    auto b = fundus::testing::ServiceFixture::of_files(files, without_table);
    REQUIRE(a->service().reader().generation()->values != nullptr);
    REQUIRE(b->service().reader().generation()->values == nullptr);

    auto render = [](const SearchResult& r) {
        std::ostringstream out;
        out << r.total << (r.counts_exact ? " exact" : " estimated") << "\n";
        for (const auto& h : r.hits)
            out << h.id << " " << h.published << "\n";
        for (const auto* facet : {&r.facets.topic, &r.facets.region, &r.facets.district,
                                  &r.facets.type, &r.facets.year})
            for (const auto& f : *facet)
                out << f.value << "=" << f.count << (f.selected ? "*" : "") << " ";
        return out.str();
    };
    std::vector<SearchRequest> requests;
    for (const char* q :
         {"", "Glasfaser", "Digitalisierung Schule", "Gemeinde", "Bürgerbüro online", "Breitbnd"}) {
        SearchRequest r;
        r.q = q;
        requests.push_back(r);
        r.regions = {"Bayern"};
        requests.push_back(r);
        r.regions = {"Bayern", "Hessen"};
        r.sort = SortOrder::date;
        requests.push_back(r);
        r.regions.clear();
        r.topics = {"Mobilität"};
        r.years = {"2023", "2024"};
        r.sort = SortOrder::relevance;
        requests.push_back(r);
        r.topics.clear();
        r.years.clear();
        r.types = {"praxisbeispiel"};
        r.size = 5;
        r.page = 2;
        requests.push_back(r);
    }
    for (const unsigned limit : {10000U, 5U}) {
        for (auto& r : requests) {
            INFO("q=" << r.q << " limit " << limit);
            const auto x = a->service().search(r);
            const auto y = b->service().search(r);
            REQUIRE(x.ok());
            REQUIRE(y.ok());
            CHECK(render(*x.value) == render(*y.value));
            if (limit == 10000 && r.q == "Gemeinde" && r.regions.empty() && r.topics.empty() &&
                r.types.empty())
                CHECK(x.value->facets.region.size() > 3); // the comparison has facets to compare
        }
        if (limit == 10000) {
            with_table.exact_count_limit = 5;
            without_table.exact_count_limit = 5;
            a = fundus::testing::ServiceFixture::of_files(files, with_table);
            b = fundus::testing::ServiceFixture::of_files(files, without_table);
        }
    }
}

} // namespace value_table_test
