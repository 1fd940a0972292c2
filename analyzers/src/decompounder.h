// Private: dictionary-based splitting of German compounds. Thread-safe (reads shared resources).
#pragma once

#include "resources_impl.h"

#include <string>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

/// Splits `key` (a spelling key, see spelling_key()) into lexicon words, allowing the linking
/// elements -s-, -es-, -n-, -en-, -er-, -e-, -ns- between parts and an inner part written without
/// its final -e ("Schul|entwicklung"). Prefers the fewest parts, then the longest ones. German
/// compounds are nouns whose last part is a noun, so:
/// - a word the lexicon knows only in lower case (a verb, adjective, adverb) is never split;
/// - the last part is a noun of the lexicon (or an infinitive, "Verfahren"), and never a derivational suffix that happens to be a
///   word (-schaft, -ion, -tum: "Wirtschaft" is not "Wirt + Schaft");
/// - a part has at least four letters, or three for a short noun ("amt", "bau") when `key` is not
///   itself a lexicon word;
/// - when `key` is a known noun, every part is a noun ("Unternehmen" is not "unter + nehmen").
/// Returns the parts of the best split (each a spelling key, linking elements removed), or
/// nothing when no split into at least two parts exists. Editor exceptions
/// (compound-exceptions.txt) take precedence.
std::vector<std::string> split_compound(const AnalyzerResources::Impl& resources,
                                        std::string_view key);

} // namespace fundus::analyzers
