#include "decompounder.h"

#include "verb_forms.h"

#include <algorithm>
#include <array>
#include <limits>

namespace fundus::analyzers {

namespace {

constexpr std::size_t min_compound_length = 6;
constexpr std::size_t min_part_length = 4;
constexpr std::size_t max_key_length = 60;
constexpr std::array<std::string_view, 7> linking_elements = {"s", "es", "n", "en", "er", "e", "ns"};
/// Derivational suffixes that are also words; never the head of a compound.
constexpr std::array<std::string_view, 22> suffix_words = {
    "schaft", "schaften", "heit", "heiten", "keit", "keiten", "ion", "ionen", "tum", "tums", "nis",
    "nisse", "ling", "linge", "chen", "lein", "ismus", "ungen", "ist", "isten", "itaet", "ende"};

bool is_suffix_word(std::string_view part) {
    return std::find(suffix_words.begin(), suffix_words.end(), part) != suffix_words.end();
}

struct Cell {
    int parts = std::numeric_limits<int>::max(); // parts covering key[0, i)
    long score = 0;                              // sum of squared part lengths: longer parts win
    std::size_t part_start = 0;                  // where the last part starts
    std::size_t part_end = 0;                    // where the last part ends (before a linking element)
    bool plus_e = false; // the lexicon word is the last part + "e" ("schul" for "schule")
};

/// A dative plural in -eln or -ern of a noun of the list ("mitteln": Mittel, "lagern": Lager),
/// which the list may have only in lower case, as a verb's infinitive.
bool plural_in_n_of_noun(const AnalyzerResources::Impl& res, std::string_view part) {
    return (part.ends_with("eln") || part.ends_with("ern")) &&
           res.compound_noun(part.substr(0, part.size() - 1));
}

bool all_ascii_letters(std::string_view key) {
    for (unsigned char c : key)
        if (c < 'a' || c > 'z')
            return false;
    return true;
}

} // namespace

std::vector<std::string> split_compound(const AnalyzerResources::Impl& res, std::string_view key) {
    if (const auto it = res.compound_exceptions.find(key);
        it != res.compound_exceptions.end())
        return it->second;
    if (key.size() < min_compound_length || key.size() > max_key_length || !all_ascii_letters(key))
        return {};
    const bool key_is_word = res.lexicon.contains(key);
    const bool key_is_noun = res.compound_noun(key);
    if (key_is_word && !key_is_noun)
        return {}; // a verb, adjective or adverb: "festgelegt", "ebenfalls"
    // A noun, or an infinitive used as one ("Verfahren", "Laden": the lexicon may list only the
    // verb), or a noun's dative plural in -n ("Mitteln").
    auto noun_like = [&](std::string_view part) {
        return res.compound_noun(part) ||
               (part.size() > 4 && part.ends_with("en") && res.lexicon.contains(part)) ||
               plural_in_n_of_noun(res, part);
    };
    auto acceptable_part = [&](std::string_view part, bool last) {
        if (last && (!noun_like(part) || is_suffix_word(part)))
            return false;
        if (key_is_noun && !noun_like(part))
            return false;
        if (part.size() >= min_part_length)
            return res.lexicon.contains(part);
        return !key_is_word && res.short_nouns.contains(part);
    };

    const std::size_t n = key.size();
    // A noun in -ung made from a verb of the list is one word up to its ending: the last part
    // does not start inside the verb's stem ("Gründung" is no Grün + Dung, "Kleidung" no Klei +
    // Dung), unless a shorter such noun starts there ("Gewerbe" + "Anmeldung": "Anmeldung" and
    // "Meldung" are both made from a verb, so either may be the last part).
    const std::size_t ung = ung_ending(key);
    std::vector<bool> ung_noun_at; // ung_noun_at[s]: key[s, n) is such a noun
    std::size_t first_ung_noun = n;
    if (ung != std::string_view::npos) {
        ung_noun_at.assign(n, false);
        for (std::size_t s = 0; s < ung; ++s)
            if (made_from_verb(res, key.substr(s, ung - s))) {
                ung_noun_at[s] = true;
                first_ung_noun = std::min(first_ung_noun, s);
            }
    }
    auto inside_ung_stem = [&](std::size_t start) {
        return start > first_ung_noun && start < ung && !ung_noun_at[start];
    };
    std::vector<Cell> best(n + 1);
    std::string with_e; // a part + "e", reused
    best[0].parts = 0;
    // best[i]: the best cover of key[0, i) whose last part may be followed by a linking element.
    for (std::size_t start = 0; start < n; ++start) {
        if (best[start].parts == std::numeric_limits<int>::max())
            continue;
        for (std::size_t end = start + 3; end <= n; ++end) {
            if (start == 0 && end == n)
                continue; // the whole word is not a split
            if (end == n && inside_ung_stem(start))
                continue;
            const std::string_view part = key.substr(start, end - start);
            bool plus_e = false;
            if (!acceptable_part(part, end == n)) {
                // an inner part written without its final -e: "schul" for "schule"
                if (end == n || part.size() < min_part_length)
                    continue;
                with_e.assign(part);
                with_e += 'e';
                if (!noun_like(with_e))
                    continue;
                plus_e = true;
            }
            auto relax = [&](std::size_t next) {
                Cell candidate;
                candidate.parts = best[start].parts + 1;
                candidate.score = best[start].score + static_cast<long>(part.size() * part.size());
                candidate.part_start = start;
                candidate.part_end = end;
                candidate.plus_e = plus_e;
                Cell& cell = best[next];
                if (candidate.parts < cell.parts ||
                    (candidate.parts == cell.parts && candidate.score > cell.score))
                    cell = std::move(candidate);
            };
            relax(end);
            if (end == n)
                continue;
            for (std::string_view link : linking_elements)
                if (end + link.size() < n && key.substr(end, link.size()) == link)
                    relax(end + link.size());
        }
    }
    if (best[n].parts == std::numeric_limits<int>::max() || best[n].parts < 2)
        return {};
    std::vector<std::string> parts;
    for (std::size_t at = n; at > 0; at = best[at].part_start) {
        const Cell& cell = best[at];
        parts.emplace_back(key.substr(cell.part_start, cell.part_end - cell.part_start));
        std::string& part = parts.back();
        if (cell.plus_e)
            part += 'e';
        else if (!res.compound_noun(part) && plural_in_n_of_noun(res, part))
            part.pop_back(); // the noun, not its dative plural: "Mitteln" -> "Mittel"
    }
    return {parts.rbegin(), parts.rend()};
}

} // namespace fundus::analyzers
