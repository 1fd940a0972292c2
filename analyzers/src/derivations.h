// Private: from a German adjective in -isch to the noun it is derived from ("städtisch" ->
// "Stadt", "indisch" -> "Indien", "kritisch" -> "Kritik"), where Snowball's German stemmer leaves
// the two apart. Thread-safe (reads the shared resources only).
#pragma once

#include "resources_impl.h"

#include <string>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

/// The nouns (spelling keys) that the adjective `key` (a spelling key, inflected or not:
/// "indischen") is derived from by -isch, as the word list confirms: the adjective's base form is
/// a lower-case word of the list and each noun a capitalised one. For X-isch, in this order, the
/// first rule that finds a noun decides: X-ik, X-ie, X-ien, X-er (X-r after an e) — Kritik,
/// Demokratie, Indien, Inder; X, X-e — Typ, Schule; for X-tisch, X-se, X-sis — Hypothese, Skepsis.
/// X with its last umlaut undone counts as well (städtisch: Stadt; spelled "staedtisch" alike).
/// Empty for any other word. Adjectives in -lich are left alone: Snowball joins the long ones
/// (gesetzlich: Gesetz) and the short ones drifted from their noun (künstlich, herrlich, nämlich).
std::vector<std::string> nouns_of_adjective(const AnalyzerResources::Impl& res,
                                            std::string_view key);

} // namespace fundus::analyzers
