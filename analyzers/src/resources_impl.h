// Private: the contents of AnalyzerResources, shared read-only by all analyzers.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "word_set.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fundus::analyzers {

/// std::hash for strings that also takes string_views (heterogeneous lookup).
struct TransparentHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct AnalyzerResources::Impl {
    WordSet stopwords; ///< case-folded words
    /// Lexicon words as spelling keys (see spelling_key()): "buergermeister".
    WordSet lexicon;
    /// Three-letter nouns that may stand as a compound part ("amt", "bau", "rat").
    WordSet short_nouns;
    /// Lexicon words written capitalised (nouns, names), as spelling keys.
    WordSet nouns;
    /// Lower-case lexicon words that are nouns too (the list merged "Teil" into "teil"), as
    /// spelling keys. Compound parts like `nouns`; not for verb forms, where a lower-case word in
    /// the text is the verb ("sucht", not Sucht).
    WordSet merged_nouns;
    /// A noun for the decompounder: `nouns` or `merged_nouns`.
    [[nodiscard]] bool compound_noun(std::string_view key) const {
        return nouns.contains(key) || merged_nouns.contains(key);
    }
    /// Stems of the lexicon's nouns; tells a masculine base ("ärzt" -> "arzt") from noise.
    WordSet noun_stems;
    /// Lexicon words written in lower case (verbs, adjectives, …), as spelling keys.
    WordSet lower_words;
    /// Irregular verb forms (data/verb-forms.txt) as spelling keys -> the infinitive's key:
    /// "gewann" -> "gewinnen". `verb_forms_after_prefix` adds the participles without their
    /// "ge-" ("wonnen"), which follow an inseparable prefix ("begonnen", "verloren").
    std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>> verb_forms;
    std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>> verb_forms_after_prefix;
    /// Words never read as verb forms ("!bekannt" in data/verb-forms.txt).
    WordSet not_verb_forms;
    /// Plurals that no stemmer joins to their singular, as spelling keys: "zentren" -> "zentrum",
    /// "themen" -> "thema", "risiken" -> "risiko" (from the word list and data/plural-forms.txt).
    std::unordered_map<std::string, std::string, TransparentHash, std::equal_to<>> singular_of;
    /// The singular of `key` when it is such a plural, else null.
    [[nodiscard]] const std::string* singular(std::string_view key) const {
        const auto it = singular_of.find(key);
        return it == singular_of.end() ? nullptr : &it->second;
    }
    /// Editor overrides: spelling key -> the parts to use; an empty list means "never split".
    /// Looked up by string_view.
    std::unordered_map<std::string, std::vector<std::string>, TransparentHash, std::equal_to<>>
        compound_exceptions;
};

/// A line "head: word word …" of an editor file (verb-forms.txt, plural-forms.txt): the head and
/// the words as spelling keys. Null when the line has no colon.
struct HeadedLine {
    std::string head;
    std::vector<std::string> words;
};
std::optional<HeadedLine> parse_headed_line(std::string_view text);

/// A spelling key in -s whose -s Snowball keeps, at least three letters before it: the last of
/// them is a vowel or one of the consonants German stems never end in (Kitas, Apps, Teslas).
/// Snowball takes an -s only after b, d, f, g, h, k, l, m, n, r and t.
inline bool keeps_final_s(std::string_view key) {
    if (key.size() < 4 || !key.ends_with('s'))
        return false;
    constexpr std::string_view keeps = "aiouycjpqvw";
    return keeps.find(key[key.size() - 2]) != std::string_view::npos;
}

/// After a diphthong the -s belongs to the word: Eis is no Ei, Mais no Mai, Haus no Hau.
inline bool ends_in_diphthong(std::string_view key) {
    return key.ends_with("ai") || key.ends_with("ei") || key.ends_with("au") || key.ends_with("eu");
}

} // namespace fundus::analyzers
