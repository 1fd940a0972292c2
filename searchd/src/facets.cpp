#include "facets.h"

#include "fundus/index/schema.h"

namespace fundus::searchd {

void FirstMatchesSpy::operator()(const Xapian::Document& doc, double weight) {
    if (seen_ >= limit_)
        return;
    ++seen_;
    for (auto* spy : spies_)
        (*spy)(doc, weight);
}

std::map<std::string, Xapian::doccount> counts_of(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> out;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        out[*it] = it.get_termfreq();
    return out;
}

std::map<std::string, Xapian::doccount> split_values(const std::map<std::string, Xapian::doccount>& counts) {
    std::map<std::string, Xapian::doccount> out;
    for (const auto& [value, count] : counts) {
        std::size_t from = 0;
        while (from < value.size()) {
            auto to = value.find(index::schema::multi_value_separator, from);
            if (to == std::string::npos)
                to = value.size();
            if (to > from)
                out[value.substr(from, to - from)] += count;
            from = to + 1;
        }
    }
    return out;
}

} // namespace fundus::searchd
