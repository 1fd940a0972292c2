#include "fundus/index/schema.h"

#include "fundus/analyzers/folding.h"

namespace fundus::index::schema {

std::string boolean_key(std::string_view value) {
    std::string key = analyzers::spelling_key(value);
    for (char& c : key)
        if (c == ' ' || c == '\n')
            c = '_';
    return key;
}

} // namespace fundus::index::schema
