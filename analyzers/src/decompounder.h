// Private: dictionary-based splitting of German compounds. Thread-safe (reads shared resources).
#pragma once

#include "resources_impl.h"

#include <string>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

/// Splits `key` (a spelling key, see spelling_key()) into lexicon words, allowing the linking
/// elements -s-, -es-, -n-, -en-, -er-, -e-, -ns- between parts and an inner part written without
/// its final -e ("Schul|entwicklung"). Prefers the fewest parts, then the longest ones; a part
/// has at least four letters, or three for a listed short noun ("amt", "bau") when `key` itself
/// is not a lexicon word. Returns the parts of the best split (each a spelling key, linking
/// elements removed), or nothing when no split into at least two parts exists. Editor exceptions
/// (compound-exceptions.txt) take precedence.
std::vector<std::string> split_compound(const AnalyzerResources::Impl& resources,
                                        std::string_view key);

} // namespace fundus::analyzers
