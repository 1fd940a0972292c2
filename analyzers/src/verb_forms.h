// Private: from an inflected German verb form to its infinitive ("beantragt" -> "beantragen",
// "gewann" -> "gewinnen"), which Snowball's German stemmer does not reach. Thread-safe (reads the
// shared resources only).
#pragma once

#include "resources_impl.h"

#include <string>
#include <string_view>

namespace fundus::analyzers {

/// Reads data/verb-forms.txt ("infinitive: form form …") into `impl.verb_forms`. Throws
/// fundus::Error naming file:line for a line without a colon or without forms.
void load_verb_forms(const std::filesystem::path& path, AnalyzerResources::Impl& impl);

/// The infinitive (a spelling key, "foerdern") of the verb form `key` (a spelling key,
/// "gefoerdert"), or "" when `key` is not recognisably a verb form other than the infinitive.
/// Irregular forms come from the table, with or without a prefix ("beschloss", "untergebracht");
/// regular ones by their endings (-t, -et, -te, -ten, …, ge-…-t) when the word list has the
/// infinitive and the participle, and the word is no noun and no adjective. The caller leaves out
/// words written with a capital: in German those are nouns ("Boten", "Lagen"), not verb forms.
std::string infinitive_of(const AnalyzerResources::Impl& res, std::string_view key);

/// A noun in -ung is made from a verb of the word list: `stem` is the noun's spelling key without
/// "ung" or "ungen" ("gruend" for Gründung, "foerder" for Förderung, "entwickl" for
/// Entwicklungen), and the list has the verb in lower case and not as a noun ("gruenden",
/// "foerdern", "entwickeln"); not when the candidate is an adjective's inflection ("festen" for
/// Festung).
bool made_from_verb(const AnalyzerResources::Impl& res, std::string_view stem);

/// The position in `key` where its "ung"/"ungen" ending starts, or npos when it has none.
std::size_t ung_ending(std::string_view key);

} // namespace fundus::analyzers
