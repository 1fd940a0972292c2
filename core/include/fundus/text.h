// Small character helpers shared by the modules. Header-only, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace fundus {

/// ASCII white space as query syntax and snippets see it: space, tab, newline, carriage return.
constexpr bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// `s` without ASCII white space (is_ascii_space) at either end: lines of the config and data files.
inline std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(first, last - first + 1));
}

} // namespace fundus
