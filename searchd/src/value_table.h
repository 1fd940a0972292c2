// Private: the date and facet values of every document of a local index view, held in memory so
// that a search counts its facets and breaks relevance ties by date without reading value slots.
// Xapian 1.4 reads a value slot per call with a B-tree lookup and decodes the slot's chunk up to
// the document; five facet spies and the date key cost five to six such reads per match, most of a
// search's time on a large index (docs/performance.md). Here one match costs six array reads.
//
// A table is built once per view (IndexReader, when a generation is opened) and shared read-only
// by every worker: thread-safe after load(). Only a view of one database has one: over several
// shards Xapian 1.4 hands a match spy or key maker each shard's document with the shard's own
// document id, which does not say which shard it came from; there the slots are read as before.
#pragma once

#include "fundus/index/schema.h"

#include <xapian.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fundus::searchd {

class ValueTable {
public:
    /// The slots kept: date, type, state, district, year, topics (schema slots 0 to 5).
    static constexpr std::size_t columns = 6;
    static_assert(index::schema::slot_date == 0 && index::schema::slot_topics == columns - 1);

    /// Reads the slots of every document of `db`, one local database (null for a combination of
    /// several). One pass over each slot's value stream.
    static std::shared_ptr<const ValueTable> load(const Xapian::Database& db);

    /// True when `did` was in the database when the table was read (a plain Xapian folder can
    /// grow under searchd; later documents are read from the database instead).
    [[nodiscard]] bool covers(Xapian::docid did) const { return did < rows_; }
    /// The code of `did`'s value in `slot` (< columns): 0 is "no value". Requires covers(did).
    [[nodiscard]] std::uint32_t code(Xapian::docid did, Xapian::valueno slot) const {
        return codes_[static_cast<std::size_t>(did) * columns + slot];
    }
    /// The value of a code in `slot`.
    [[nodiscard]] const std::string& value(Xapian::valueno slot, std::uint32_t code) const {
        return values_[slot][code];
    }
    /// Distinct values of `slot`, "" (code 0) included.
    [[nodiscard]] std::size_t distinct(Xapian::valueno slot) const { return values_[slot].size(); }
    /// `did`'s value in `slot`, from the table when it covers the document, else from `doc`.
    [[nodiscard]] std::string get(const Xapian::Document& doc, Xapian::valueno slot) const;
    /// Bytes held (codes and values), for /metrics and the docs.
    [[nodiscard]] std::size_t memory_bytes() const;

private:
    std::size_t rows_ = 0;             ///< last document id + 1
    std::vector<std::uint32_t> codes_; ///< row-major: rows_ x columns
    std::array<std::vector<std::string>, columns> values_;
};

/// Sorts by the date slot read from a ValueTable (Enquire::set_sort_by_*_key).
class TableDateKey : public Xapian::KeyMaker {
public:
    explicit TableDateKey(const ValueTable& table) : table_(table) {}
    std::string operator()(const Xapian::Document& doc) const override;

private:
    const ValueTable& table_;
};

/// Counts the values of the slots it is given over the first `limit` matches it sees, from a
/// ValueTable: the in-memory replacement of FirstMatchesSpy over ValueCountMatchSpys.
class TableFacetSpy : public Xapian::MatchSpy {
public:
    TableFacetSpy(const ValueTable& table, std::vector<Xapian::valueno> slots,
                  Xapian::doccount limit);

    void operator()(const Xapian::Document& doc, double weight) override;

    /// Matches counted so far.
    [[nodiscard]] Xapian::doccount seen() const { return seen_; }
    /// The values of `slot` (one of the slots given) and their document counts, "" left out.
    [[nodiscard]] std::map<std::string, Xapian::doccount> counts(Xapian::valueno slot) const;

private:
    const ValueTable& table_;
    std::vector<Xapian::valueno> slots_;
    Xapian::doccount limit_;
    Xapian::doccount seen_ = 0;
    std::vector<std::vector<Xapian::doccount>> counts_; ///< per given slot, per code
    /// Documents past the table (a growing plain folder): value -> count, per given slot.
    std::vector<std::map<std::string, Xapian::doccount>> beyond_;
};

} // namespace fundus::searchd
