// Snippets: the best passage of a text for a query, HTML-escaped, matched words in <mark>.
// Pure functions apart from the caller's analyzer; not thread-safe for one analyzer.
#pragma once

#include "fundus/analyzers/german_analyzer.h"

#include <string>
#include <string_view>
#include <vector>

namespace fundus::searchd {

/// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view text);

/// The passage of `text` (at most about `max_bytes`) with the most distinct matched terms, then
/// the most matches. A word is matched when its term or one of its variants is in
/// `highlight_terms` (sorted), so stems, umlaut spellings, gender forms and compound parts are
/// marked like they were found. Without any match, the text's start. Cut ends get "…".
std::string make_snippet(analyzers::GermanAnalyzer& analyzer, std::string_view text,
                         const std::vector<std::string>& highlight_terms, std::size_t max_bytes = 240);

} // namespace fundus::searchd
