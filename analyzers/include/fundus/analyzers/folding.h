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

namespace detail {
/// fold_case() and spelling_key() computed with ICU alone. The public functions take a faster
/// path for text of ASCII and Latin-1 letters (all of German) with the same results; the tests
/// compare the two.
std::string fold_case_icu(std::string_view utf8);
std::string spelling_key_icu(std::string_view utf8);
} // namespace detail

} // namespace fundus::analyzers
