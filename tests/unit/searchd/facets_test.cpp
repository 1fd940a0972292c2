// Facet counting helpers: FirstMatchesSpy on a small in-memory index.
#include "facets.h"

#include <catch2/catch.hpp>

#include <tuple>

using fundus::searchd::FirstMatchesSpy;

namespace facets_test {
namespace {

/// Six documents with the term "post" and a value in slot 1: "a", "b", "a", "b", "a", "b".
Xapian::Database six_documents() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (int i = 0; i < 6; ++i) {
        Xapian::Document doc;
        doc.add_term("post");
        doc.add_value(1, i % 2 == 0 ? "a" : "b");
        db.add_document(doc);
    }
    return db;
}

} // namespace

TEST_CASE("FirstMatchesSpy passes on only the first documents of a match", "[searchd][facets]") {
    const Xapian::Database db = six_documents();
    for (const auto& [limit, seen, a] : {std::tuple{3U, 3U, 2U}, std::tuple{6U, 6U, 3U},
                                         std::tuple{100U, 6U, 3U}, std::tuple{0U, 0U, 0U}}) {
        INFO("limit " << limit);
        Xapian::ValueCountMatchSpy values(1);
        FirstMatchesSpy first({&values}, limit);
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query("post"));
        enquire.add_matchspy(&first);
        enquire.get_mset(0, 10, db.get_doccount());
        CHECK(first.seen() == seen);
        CHECK(values.get_total() == seen);
        Xapian::doccount counted_a = 0;
        for (auto it = values.values_begin(); it != values.values_end(); ++it)
            if (*it == "a")
                counted_a = it.get_termfreq();
        CHECK(counted_a == a);
    }
}

} // namespace facets_test
