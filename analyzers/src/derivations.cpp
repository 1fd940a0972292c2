#include "derivations.h"

#include <algorithm>

namespace fundus::analyzers {

namespace {

constexpr std::size_t min_base = 3; // "tierisch": Tier

/// The adjective's base form: `key` without an inflection ending after -isch; "" for a word
/// without -isch.
std::string_view base_form(std::string_view key) {
    for (std::string_view ending : {"en", "er", "es", "em", "e", ""}) {
        if (!key.ends_with(ending))
            continue;
        const std::string_view base = key.substr(0, key.size() - ending.size());
        if (base.ends_with("isch"))
            return base;
    }
    return {};
}

/// `stem` with its last spelled umlaut (ae, oe, ue) undone: "laend" -> "land"; "" when it has
/// none.
std::string without_umlaut(std::string_view stem) {
    for (std::size_t i = stem.size(); i-- > 1;) {
        if (stem[i] == 'e' && (stem[i - 1] == 'a' || stem[i - 1] == 'o' || stem[i - 1] == 'u')) {
            std::string out(stem.substr(0, i));
            out.append(stem.substr(i + 1));
            return out;
        }
    }
    return {};
}

} // namespace

std::vector<std::string> nouns_of_adjective(const AnalyzerResources::Impl& res,
                                            std::string_view key) {
    std::vector<std::string> nouns;
    const std::string_view base = base_form(key);
    if (base.empty() || base.size() < min_base + 4 || !res.lower_words.contains(base))
        return nouns;
    const std::string_view x = base.substr(0, base.size() - 4);
    auto add = [&](std::string noun) {
        if (res.nouns.contains(noun) && std::find(nouns.begin(), nouns.end(), noun) == nouns.end())
            nouns.push_back(std::move(noun));
    };
    std::vector<std::string> stems{std::string(x)};
    if (std::string plain = without_umlaut(x); !plain.empty())
        stems.push_back(std::move(plain));
    // The derivational endings first (Kritik, Demokratie, Indien, Inder), then the bare stem
    // (Typ, Stadt) or with -e (Schule, Brite), then the Greek -se/-sis (Hypothese, Skepsis); the
    // first rule that finds a noun decides, so "taktisch" is Taktik's, not Takt's.
    for (const std::string& s : stems) {
        for (std::string_view suffix : {"ik", "ie", "ien"})
            add(s + std::string(suffix));
        add(s.ends_with('e') ? s + "r" : s + "er");
    }
    for (const std::string& s : stems)
        if (nouns.empty()) {
            add(s);
            add(s + "e");
        }
    if (nouns.empty() && x.ends_with('t') && x.size() > min_base) {
        std::string greek(x.substr(0, x.size() - 1));
        greek += 's';
        add(greek + "e");
        add(greek + "is");
    }
    return nouns;
}

} // namespace fundus::analyzers
