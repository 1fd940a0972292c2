#include "value_table.h"

#include <algorithm>
#include <unordered_map>

namespace fundus::searchd {

std::shared_ptr<const ValueTable> ValueTable::load(const Xapian::Database& db) {
    if (db.size() != 1)
        return nullptr;
    auto table = std::make_shared<ValueTable>();
    table->rows_ = static_cast<std::size_t>(db.get_lastdocid()) + 1;
    table->codes_.assign(table->rows_ * columns, 0);
    for (Xapian::valueno slot = 0; slot < columns; ++slot) {
        auto& values = table->values_[slot];
        values.assign(1, std::string());
        std::unordered_map<std::string, std::uint32_t> code_of;
        for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
            const Xapian::docid did = it.get_docid();
            if (did >= table->rows_)
                continue; // added after get_lastdocid() (a growing folder): read from the document
            const std::string value = *it;
            if (value.empty())
                continue;
            auto [at, added] =
                code_of.try_emplace(value, static_cast<std::uint32_t>(values.size()));
            if (added)
                values.push_back(value);
            table->codes_[static_cast<std::size_t>(did) * columns + slot] = at->second;
        }
    }
    return table;
}

std::string ValueTable::get(const Xapian::Document& doc, Xapian::valueno slot) const {
    const Xapian::docid did = doc.get_docid();
    return covers(did) ? value(slot, code(did, slot)) : doc.get_value(slot);
}

std::size_t ValueTable::memory_bytes() const {
    std::size_t bytes = codes_.capacity() * sizeof(std::uint32_t);
    for (const auto& values : values_)
        for (const auto& v : values)
            bytes += sizeof(std::string) + (v.capacity() > 15 ? v.capacity() : 0);
    return bytes;
}

std::string TableDateKey::operator()(const Xapian::Document& doc) const {
    return table_.get(doc, index::schema::slot_date);
}

TableFacetSpy::TableFacetSpy(const ValueTable& table, std::vector<Xapian::valueno> slots,
                             Xapian::doccount limit)
    : table_(table), slots_(std::move(slots)), limit_(limit), beyond_(slots_.size()) {
    for (const auto slot : slots_)
        counts_.emplace_back(table_.distinct(slot), 0);
}

void TableFacetSpy::operator()(const Xapian::Document& doc, double) {
    if (seen_ >= limit_)
        return;
    ++seen_;
    const Xapian::docid did = doc.get_docid();
    if (table_.covers(did)) {
        for (std::size_t i = 0; i < slots_.size(); ++i)
            ++counts_[i][table_.code(did, slots_[i])];
        return;
    }
    for (std::size_t i = 0; i < slots_.size(); ++i)
        ++beyond_[i][doc.get_value(slots_[i])];
}

std::map<std::string, Xapian::doccount> TableFacetSpy::counts(Xapian::valueno slot) const {
    std::map<std::string, Xapian::doccount> out;
    const auto at = std::find(slots_.begin(), slots_.end(), slot);
    if (at == slots_.end())
        return out;
    const auto i = static_cast<std::size_t>(at - slots_.begin());
    for (std::uint32_t code = 1; code < counts_[i].size(); ++code)
        if (counts_[i][code] > 0)
            out[table_.value(slot, code)] += counts_[i][code];
    for (const auto& [value, count] : beyond_[i])
        if (!value.empty())
            out[value] += count;
    return out;
}

} // namespace fundus::searchd
