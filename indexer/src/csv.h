// Private: a small reader for the project's own RFC 4180 CSV files (quoted fields, "" escapes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fundus::index {

/// Splits one CSV line into fields. Returns false when a quoted field is not closed.
bool split_csv_line(std::string_view line, std::vector<std::string>& fields);

} // namespace fundus::index
