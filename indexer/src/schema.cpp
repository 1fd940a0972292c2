#include "fundus/index/schema.h"

#include "fundus/analyzers/folding.h"

#include <charconv>

namespace fundus::index::schema {

std::string boolean_key(std::string_view value) {
    std::string key = analyzers::spelling_key(value);
    for (char& c : key)
        if (c == ' ' || c == '\n')
            c = '_';
    return key;
}

std::uint64_t suggest_count(const std::string& value) {
    std::uint64_t n = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
    return error == std::errc() && end == value.data() + value.size() ? n : 0;
}

} // namespace fundus::index::schema
