#include "facets.h"

#include "fundus/index/schema.h"

namespace fundus::searchd {

void MultiValueCountSpy::operator()(const Xapian::Document& doc, double) {
    const std::string value = doc.get_value(slot_);
    std::size_t from = 0;
    while (from < value.size()) {
        auto to = value.find(index::schema::multi_value_separator, from);
        if (to == std::string::npos)
            to = value.size();
        if (to > from)
            ++counts_[value.substr(from, to - from)];
        from = to + 1;
    }
}

std::string MultiValueCountSpy::serialise() const { return std::to_string(slot_); }

Xapian::MatchSpy* MultiValueCountSpy::unserialise(const std::string& serialised,
                                                  const Xapian::Registry&) const {
    return new MultiValueCountSpy(static_cast<Xapian::valueno>(std::stoul(serialised)));
}

// Results as lines "count\tvalue\n" (values never contain '\n' or '\t' after indexing).
std::string MultiValueCountSpy::serialise_results() const {
    std::string out;
    for (const auto& [value, count] : counts_)
        out += std::to_string(count) + '\t' + value + '\n';
    return out;
}

void MultiValueCountSpy::merge_results(const std::string& serialised) {
    std::size_t from = 0;
    while (from < serialised.size()) {
        const auto tab = serialised.find('\t', from);
        const auto nl = serialised.find('\n', tab);
        if (tab == std::string::npos || nl == std::string::npos)
            break;
        counts_[serialised.substr(tab + 1, nl - tab - 1)] +=
            static_cast<Xapian::doccount>(std::stoul(serialised.substr(from, tab - from)));
        from = nl + 1;
    }
}

} // namespace fundus::searchd
