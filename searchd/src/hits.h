// Private: a matched Xapian document -> a Hit for the API (stored JSON + snippet).
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/searchd/search_types.h"

#include <xapian.h>

namespace fundus::searchd {

/// Builds the hit from the document's stored data; the snippet comes from the body (or the
/// teaser when the body is empty), marked for `highlight_terms` (sorted).
Hit make_hit(const Xapian::Document& doc, double score, analyzers::GermanAnalyzer& analyzer,
             const std::vector<std::string>& highlight_terms, std::size_t snippet_bytes);

} // namespace fundus::searchd
