// Character-level folding of German words, shared by the analyzer, suggestions and the gazetteer.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace fundus::analyzers {

/// NFKC normalisation plus full Unicode case folding ("Straße" -> "strasse", "ÄRZTE" -> "ärzte").
/// Default-ignorable characters such as the soft hyphen are removed.
std::string fold_case(std::string_view utf8);

/// A key that is equal for every spelling of the same word: case folded, umlauts and ß spelled
/// out (ä -> ae, ö -> oe, ü -> ue, ß -> ss), other diacritics removed ("München" and "Muenchen"
/// -> "muenchen"). Used for umlaut-insensitive prefix matching.
std::string spelling_key(std::string_view utf8);

/// True if `utf8` is well-formed UTF-8.
bool is_valid_utf8(std::string_view utf8);

} // namespace fundus::analyzers
