#include "fundus/index/post.h"

namespace fundus::index {

std::string RecordProblem::to_string() const {
    std::string out = where.file;
    if (where.line > 0)
        out += ":" + std::to_string(where.line);
    out += ": ";
    if (!field.empty())
        out += field + ": ";
    out += message;
    if (warning)
        out += " (warning)";
    return out;
}

} // namespace fundus::index
