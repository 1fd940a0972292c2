#include "verb_forms.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"
#include "fundus/text.h"

#include <array>
#include <fstream>

namespace fundus::analyzers {

namespace {

constexpr std::size_t min_stem = 3; // "tun" is the shortest verb worth a variant

/// Prefixes that stand apart in a main clause and take "ge" inside ("aufgenommen").
constexpr std::array<std::string_view, 44> separable_prefixes = {
    "zusammen", "gegenueber", "entgegen", "herunter", "hinunter", "voraus", "vorbei", "voran",
    "herauf", "heraus", "herein", "hinauf", "hinaus", "hinein", "zurueck", "zurecht", "weiter",
    "wieder", "nieder", "hervor", "heran", "herab", "herbei", "hinzu", "empor", "statt", "teil",
    "fest", "fort", "frei", "heim", "hoch", "nach", "auf", "aus", "bei", "ein", "mit", "weg", "dar",
    "her", "hin", "ab", "an"};
/// Prefixes that stay on the verb and take no "ge" ("begonnen", "verloren").
constexpr std::array<std::string_view, 13> inseparable_prefixes = {
    "hinter", "wider", "ueber", "unter", "durch", "miss", "emp", "ent", "zer", "ver", "be", "er", "um"};
/// Endings of regular verb forms, longest first: -test, -tet, -ten, -ter, -tes, -tem, -te (past
/// and participles used as adjectives), -et, -t (present and participle).
constexpr std::array<std::string_view, 9> endings = {"test", "tet", "ten", "ter", "tes", "tem", "te", "et", "t"};

bool is_present_ending(std::string_view ending) { return ending == "t" || ending == "et"; }

/// The lexicon has the word in lower case, and not as a noun ("Bestand").
bool verb_like(const AnalyzerResources::Impl& res, std::string_view key) {
    return res.lower_words.contains(key) && !res.nouns.contains(key);
}

/// A form that is also a noun: the word list has the noun's genitive or umlaut plural even where
/// it lists the form itself only once, in lower case ("stand": Standes, Stände; "schloss":
/// Schlosses, Schlösser; "band": Bandes, Bände).
bool noun_homograph(const AnalyzerResources::Impl& res, std::string_view key) {
    // (built with append: g++ 12 warns falsely about operator+ on strings here, PR 105651)
    auto with = [](std::string_view a, std::string_view b) {
        std::string s;
        s.reserve(a.size() + b.size());
        s.append(a).append(b);
        return s;
    };
    if (res.nouns.contains(key) || res.nouns.contains(with(key, "es")))
        return true;
    const auto vowel = key.find_last_of("aou");
    if (vowel == std::string_view::npos || (vowel + 1 < key.size() && key[vowel + 1] == 'e'))
        return false;
    const std::string umlaut = with(with(key.substr(0, vowel + 1), "e"), key.substr(vowel + 1));
    return res.nouns.contains(with(umlaut, "e")) || res.nouns.contains(with(umlaut, "er"));
}

/// "laut": laute, lauten, lauter — the inflections of an adjective, not a verb's.
bool adjective_like(const AnalyzerResources::Impl& res, const std::string& key) {
    return res.lower_words.contains(key + "e") && res.lower_words.contains(key + "en") &&
           res.lower_words.contains(key + "er");
}

bool has_inseparable_prefix(std::string_view stem) {
    for (std::string_view p : inseparable_prefixes)
        if (stem.size() >= p.size() + min_stem && stem.starts_with(p))
            return true;
    return false;
}

/// The word list confirms that `stem` ("plan", "beantrag", "aufstell") is a regular verb's:
/// it has the participle, or the verb takes none with "ge" (-ieren, an inseparable prefix).
bool participle_known(const AnalyzerResources::Impl& res, const std::string& stem) {
    if (stem.ends_with("ier") || has_inseparable_prefix(stem))
        return true;
    if (res.lower_words.contains("ge" + stem + "t") || res.lower_words.contains("ge" + stem + "et"))
        return true;
    for (std::string_view p : separable_prefixes)
        if (stem.size() >= p.size() + min_stem && stem.starts_with(p)) {
            const std::string rest = stem.substr(p.size());
            const std::string participle = std::string(p) + "ge" + rest;
            if (res.lower_words.contains(participle + "t") || res.lower_words.contains(participle + "et"))
                return true;
        }
    return false;
}

/// An irregular form from the table, alone or after a prefix.
std::string irregular_infinitive(const AnalyzerResources::Impl& res, std::string_view key) {
    if (const auto it = res.verb_forms.find(key); it != res.verb_forms.end())
        return noun_homograph(res, key) ? std::string() : it->second; // "Stand"
    auto prefixed = [&](std::string_view prefix, const auto& forms) -> std::string {
        if (key.size() < prefix.size() + min_stem || !key.starts_with(prefix))
            return {};
        const auto it = forms.find(key.substr(prefix.size()));
        if (it == forms.end())
            return {};
        std::string infinitive = std::string(prefix) + it->second;
        return res.lower_words.contains(infinitive) ? infinitive : std::string();
    };
    for (std::string_view p : separable_prefixes)
        if (std::string inf = prefixed(p, res.verb_forms); !inf.empty())
            return inf;
    for (std::string_view p : inseparable_prefixes) {
        if (std::string inf = prefixed(p, res.verb_forms); !inf.empty())
            return inf;
        if (std::string inf = prefixed(p, res.verb_forms_after_prefix); !inf.empty())
            return inf;
    }
    return {};
}

std::string regular_infinitive(const AnalyzerResources::Impl& res, const std::string& key) {
    for (std::string_view ending : endings) {
        if (key.size() < ending.size() + min_stem || !key.ends_with(ending))
            continue;
        const std::string base = key.substr(0, key.size() - ending.size());
        std::vector<std::string> stems; // a participle's "ge" removed first: "geplant" -> "plan"
        if (base.starts_with("ge") && base.size() >= 2 + min_stem)
            stems.push_back(base.substr(2));
        for (std::string_view p : separable_prefixes)
            if (base.size() >= p.size() + 2 + min_stem && base.starts_with(p) &&
                base.compare(p.size(), 2, "ge") == 0)
                stems.push_back(std::string(p) + base.substr(p.size() + 2));
        stems.push_back(base);
        for (const std::string& stem : stems) {
            std::vector<std::string> candidates;
            if (stem.ends_with("er") || stem.ends_with("el")) // "foerder" -> "foerdern"
                candidates = {stem + "n", stem + "en"};
            else if (stem.ends_with('e'))                     // "gruende" -> "gruenden"
                candidates = {stem + "n"};
            else
                candidates = {stem + "en"};
            // "recht", "laut": an adjective whose inflections look like a verb's past
            const bool participle_shape = stem.size() != base.size() || stem.ends_with("ier") ||
                                          has_inseparable_prefix(stem);
            if (!participle_shape && adjective_like(res, key))
                continue;
            for (const std::string& infinitive : candidates) {
                if (infinitive == key || !res.lower_words.contains(infinitive))
                    continue;
                if (participle_known(res, stem) || is_present_ending(ending))
                    return infinitive;
            }
        }
    }
    return {};
}

} // namespace

void load_verb_forms(const std::filesystem::path& path, AnalyzerResources::Impl& impl) {
    std::ifstream in(path);
    if (!in)
        throw Error("AnalyzerResources::load(): cannot read " + path.string());
    std::string line;
    std::size_t number = 0;
    auto where = [&] { return path.string() + ":" + std::to_string(number); };
    while (std::getline(in, line)) {
        ++number;
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#')
            continue;
        if (text[0] == '!') { // "!bekannt": never read as a verb form
            impl.not_verb_forms.insert(spelling_key(trim(text.substr(1))));
            continue;
        }
        auto parsed = parse_headed_line(text);
        if (!parsed)
            throw Error("AnalyzerResources::load(): " + where() + ": expected 'infinitive: form form …'");
        const std::string infinitive = std::move(parsed->head);
        const std::vector<std::string> forms = std::move(parsed->words);
        if (infinitive.empty() || forms.size() < 2)
            throw Error("AnalyzerResources::load(): " + where() +
                        ": a verb needs its infinitive, Präteritum and Partizip II");
        auto add = [&](const std::string& form) { impl.verb_forms.emplace(form, infinitive); };
        // Präteritum with its endings: gewann, gewannst, gewannen, gewannt (brachte: -st, -n, -t).
        const std::string& past = forms[0];
        const bool e = past.ends_with('e');
        for (const char* ending : {"", "st", "en", "t"})
            add(past + (e && *ending == 'e' ? ending + 1 : ending));
        if (!e)
            add(past + "est"); // "fandest"
        // Partizip II, also as an adjective: gewonnen, gewonnene, gewonnenen, …
        const std::string& participle = forms[1];
        for (const char* ending : {"", "e", "en", "er", "es", "em"})
            add(participle + ending);
        if (participle.starts_with("ge") && participle.size() >= 2 + min_stem)
            for (const char* ending : {"", "e", "en", "er", "es", "em"})
                impl.verb_forms_after_prefix.emplace(participle.substr(2) + ending, infinitive);
        // Present forms with another stem vowel: gibt, hilft, fährt.
        for (std::size_t i = 2; i < forms.size(); ++i)
            add(forms[i]);
    }
}

std::size_t ung_ending(std::string_view key) {
    if (key.ends_with("ungen"))
        return key.size() - 5;
    if (key.ends_with("ung"))
        return key.size() - 3;
    return std::string_view::npos;
}

bool made_from_verb(const AnalyzerResources::Impl& res, std::string_view stem) {
    if (stem.size() < min_stem)
        return false;
    std::string candidate(stem);
    auto verb = [&] {
        return verb_like(res, candidate) && !res.not_verb_forms.contains(candidate);
    };
    // Gründung, Planung, Beratung: gruenden, planen, beraten, unless the stem is an adjective's
    // (Festung: feste, festen, fester)
    candidate += "en";
    if (verb())
        return !adjective_like(res, std::string(stem));
    if (stem.ends_with("er") || stem.ends_with("el")) { // Förderung, Regelung: foerdern, regeln
        candidate.assign(stem).append("n");
        return verb();
    }
    if (stem.ends_with('l') || stem.ends_with('r')) { // Entwicklung, Sammlung: entwickeln
        candidate.assign(stem.substr(0, stem.size() - 1))
            .append("e")
            .append(1, stem.back())
            .append("n");
        return verb();
    }
    return false;
}

std::string infinitive_of(const AnalyzerResources::Impl& res, std::string_view key) {
    if (key.size() < min_stem || res.not_verb_forms.contains(key))
        return {};
    if (std::string inf = irregular_infinitive(res, key); !inf.empty())
        return inf == key ? std::string() : inf;
    if (key.size() < min_stem + 1 || !verb_like(res, key))
        return {};
    return regular_infinitive(res, std::string(key));
}

} // namespace fundus::analyzers
