// Small character helpers shared by the modules. Header-only, constexpr.
#pragma once

namespace fundus {

/// ASCII white space as query syntax and snippets see it: space, tab, newline, carriage return.
constexpr bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

} // namespace fundus
