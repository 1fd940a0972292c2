// Private: recognises a Land or Kreis named in the query ("Glasfaser Cham" -> district Landkreis
// Cham), so that the response can offer it as a filter instead of leaving it a required word.
// Pure function; thread-safe (the gazetteer is read-only).
#pragma once

#include "fundus/index/gazetteer.h"
#include "fundus/searchd/search_types.h"

#include <string_view>
#include <vector>

namespace fundus::searchd {

/// The places named in `request.q`, in query order: up to four neighbouring words that name a
/// Land (`region`, any spelling; a two-letter code only in capitals) or else a Kreis
/// (`district`, its canonical, abbreviated or short name, preferring one in the chosen Land).
/// Words in quotes, excluded (-word) or in a field (title:word) are not looked at; places the
/// request already filters by are not offered again.
std::vector<SuggestedFilter> recognise_places(const SearchRequest& request,
                                              const index::Gazetteer& gazetteer);

} // namespace fundus::searchd
