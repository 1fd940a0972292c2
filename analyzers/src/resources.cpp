#include "fundus/analyzers/folding.h"
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/text.h"
#include "resources_impl.h"
#include "verb_forms.h"

#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <optional>

#ifndef FUNDUS_DEFAULT_DATA_DIR
#define FUNDUS_DEFAULT_DATA_DIR "data"
#endif

namespace fundus::analyzers {

namespace {

constexpr std::size_t min_short_part = 3;

/// Calls `fn(line, line_number)` for each non-empty, non-comment line of `path`.
template <typename Fn> void for_each_line(const std::filesystem::path& path, Fn&& fn) {
    std::ifstream in(path);
    if (!in)
        throw Error("AnalyzerResources::load(): cannot read " + path.string());
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string text = trim(line);
        if (text.empty() || text[0] == '#')
            continue;
        fn(text, number);
    }
}

/// The word starts with an ASCII capital or a Latin-1 one (À-Þ but ×: UTF-8 0xC3 0x80-0x9E), so
/// "Übergang" does and "übersetzen", "öffentlich", "ähnlich" do not.
bool starts_upper(const std::string& word) {
    const auto c = static_cast<unsigned char>(word[0]);
    if (c >= 'A' && c <= 'Z')
        return true;
    if (c != 0xC3 || word.size() < 2)
        return false;
    const auto second = static_cast<unsigned char>(word[1]);
    return second >= 0x80 && second <= 0x9E && second != 0x97;
}

bool all_upper_ascii(const std::string& word) {
    for (unsigned char c : word)
        if (c >= 'a' && c <= 'z')
            return false;
    return true;
}

/// `merged`: a lower-case entry that is a noun too (see recover_merged_nouns()).
void add_noun(const std::string& word, const std::string& key, AnalyzerResources::Impl& impl,
              const Xapian::Stem& stemmer, bool merged = false) {
    (merged ? impl.merged_nouns : impl.nouns).insert(key);
    if (key.size() == min_short_part)
        impl.short_nouns.insert(key);
    impl.noun_stems.insert(stemmer(fold_case(word)));
}

/// Asks whether a key plus an ending is a capitalised word of the list, without a new string for
/// each question.
struct NounProbe {
    const WordSet& nouns;
    std::string probe; ///< the key last asked for
    bool operator()(std::string_view key, std::string_view ending) {
        probe.assign(key).append(ending);
        return nouns.contains(probe);
    }
};

/// A spelling key with an umlaut on its last a/o/u ("kraft" -> "kraeft", "baum" -> "baeum"); empty
/// if it has none that could take one.
std::string umlauted_key(std::string_view key) {
    const auto vowel = key.find_last_of("aou");
    if (vowel == std::string_view::npos || vowel == 0 ||
        (vowel + 1 < key.size() && key[vowel + 1] == 'e'))
        return {};
    const std::size_t at = key[vowel] == 'u' && key[vowel - 1] == 'a' ? vowel - 1 : vowel; // "au"
    std::string out(key.substr(0, at + 1));
    out += 'e';
    out += key.substr(at + 1);
    return out;
}

/// Debian's word list keeps one entry where a noun and another word are spelt alike but for the
/// capital: "teil" stands for Teil and teil-, "zeit" for Zeit, "weg" for Weg and weg. Such a
/// lower-case entry is a noun for compound splitting too (`merged_nouns`) when the list has a
/// capitalised inflection of it that no other word shares: a genitive (Teiles, Weges, Dienstes),
/// an -en plural (Zeiten) or an umlaut plural (Kräfte, Pläne, Plätze). A plural in -e is no proof
/// ("Lage" is no plural of lag). `lower` holds the lower-case entries that are not
/// infinitive-shaped (-en, -eln, -ern): those count as nouns where a compound needs one anyway
/// ("Verfahren"). Looks up spelling keys in `impl.nouns`, the capitalised entries.
void recover_merged_nouns(const std::vector<std::string>& lower, AnalyzerResources::Impl& impl,
                          const Xapian::Stem& stemmer) {
    NounProbe noun{impl.nouns, {}};
    for (const std::string& word : lower) {
        const std::string key = spelling_key(word);
        // "-en" is a plural of the noun itself only when no noun ends in "-e" there: "Fährten"
        // is Fährte's plural and tells nothing about "fährt"; "Lagen" nothing about "lag".
        bool inflected = noun(key, "s") || noun(key, "es") || (noun(key, "en") && !noun(key, "e"));
        if (!inflected) {
            const std::string plural = umlauted_key(key);
            inflected = !plural.empty() && (noun(plural, "e") || noun(plural, "er"));
        }
        if (inflected)
            add_noun(word, key, impl, stemmer, true);
    }
}

/// Plurals of borrowed nouns that replace the singular's ending (Zentrum/Zentren, Thema/Themen,
/// Risiko/Risiken, Praxis/Praxen, Virus/Viren): a capitalised word in -en (`plurals`, spelling
/// keys) whose stem plus -um, -a, -on, -o, -us or -is is a noun of the list, when exactly one such
/// singular exists and the word is no regular plural (Christen: Christ), dative plural (Modulen:
/// Modul) or singular (Balken: Balkens) itself.
void derive_foreign_plurals(const std::vector<std::string>& plurals,
                            AnalyzerResources::Impl& impl) {
    NounProbe noun{impl.nouns, {}};
    for (const std::string& key : plurals) {
        const std::string_view stem = std::string_view(key).substr(0, key.size() - 2);
        if (noun(std::string_view(key).substr(0, key.size() - 1), "") || // Tenne-n, Jude-n
            (!stem.ends_with('e') && noun(stem, "")) ||                  // Christ-en, Modul-en
            noun(key, "s"))                                              // Balken-s
            continue;
        std::string singular;
        int found = 0;
        for (const char* ending : {"um", "a", "on", "o", "us", "is"})
            if (noun(stem, ending)) {
                singular = noun.probe;
                ++found;
            }
        if (found == 1) // Medien: Medium or Media; Stadien: Stadion or Stadium
            impl.singular_of.emplace(key, std::move(singular));
    }
}

/// The -s plural and genitive after a vowel or a consonant that German stems never end in:
/// Kitas, Autos, Büros, Handys, Apps, Laptops, Shows, Europas. Snowball drops a final -s only after
/// b, d, f, g, h, k, l, m, n, r and t, so that Haus, Glas and Bus keep theirs, and leaves these
/// apart from their singular. A capitalised word in -s (`candidates`, spelling keys) reaches the
/// capitalised word without it when the list has both; not after a diphthong (Eis is no Ei, Mais
/// no Mai, Haus no Hau). Run once every list is loaded; data/plural-forms.txt stops a wrong one.
void derive_s_plurals(const std::vector<std::string>& candidates, AnalyzerResources::Impl& impl) {
    for (const std::string& key : candidates) {
        const std::string_view singular = std::string_view(key).substr(0, key.size() - 1);
        if (ends_in_diphthong(singular))
            continue;
        if (impl.nouns.contains(singular))
            impl.singular_of.emplace(key, std::string(singular));
    }
}

/// Loads a word list; `recover_nouns` for Debian's list (see recover_merged_nouns()). Adds the
/// spelling keys of its capitalised words that may be -s plurals to `s_plurals`.
void load_lexicon(const std::filesystem::path& path, AnalyzerResources::Impl& impl,
                  bool recover_nouns, std::vector<std::string>& s_plurals) {
    Xapian::Stem stemmer("german2");
    std::vector<std::string> lower;   // as written, for recover_merged_nouns()
    std::vector<std::string> plurals; // spelling keys, for derive_foreign_plurals()
    for_each_line(path, [&](const std::string& word, std::size_t) {
        std::string key = spelling_key(word);
        if (key.size() < min_short_part)
            return;
        const bool noun = starts_upper(word) && !all_upper_ascii(word);
        if (noun) {
            add_noun(word, key, impl, stemmer);
            if (recover_nouns && key.size() >= 5 && key.ends_with("en"))
                plurals.push_back(key);
            if (keeps_final_s(key))
                s_plurals.push_back(key);
        }
        if (key.size() > min_short_part || noun)
            impl.lexicon.insert(key);
        if (!noun && !all_upper_ascii(word)) {
            impl.lower_words.insert(key);
            if (recover_nouns && !key.ends_with("en") && !key.ends_with("eln") &&
                !key.ends_with("ern"))
                lower.push_back(word);
        }
    });
    if (recover_nouns) {
        recover_merged_nouns(lower, impl, stemmer);
        derive_foreign_plurals(plurals, impl);
    }
}

/// data/plural-forms.txt: "Singular: Plural …" adds plurals, "!Plural" stops one.
void load_plural_forms(const std::filesystem::path& path, AnalyzerResources::Impl& impl) {
    for_each_line(path, [&](const std::string& line, std::size_t number) {
        if (line[0] == '!') {
            impl.singular_of.erase(spelling_key(trim(line.substr(1))));
            return;
        }
        const auto parsed = parse_headed_line(line);
        if (!parsed || parsed->head.empty() || parsed->words.empty())
            throw Error("AnalyzerResources::load(): " + path.string() + ":" +
                        std::to_string(number) + ": expected 'Singular: Plural …' or '!Plural'");
        for (const std::string& plural : parsed->words)
            impl.singular_of.insert_or_assign(plural, parsed->head);
    });
}

void load_compound_exceptions(const std::filesystem::path& path, AnalyzerResources::Impl& impl) {
    // Format: "word" (never split) or "word = part1 + part2 [+ ...]".
    for_each_line(path, [&](const std::string& line, std::size_t number) {
        const auto eq = line.find('=');
        const std::string word = spelling_key(trim(line.substr(0, eq)));
        if (word.empty())
            throw Error("AnalyzerResources::load(): " + path.string() + ":" +
                        std::to_string(number) + ": empty word");
        std::vector<std::string> parts;
        if (eq != std::string::npos) {
            std::string rest = line.substr(eq + 1);
            std::size_t from = 0;
            while (from <= rest.size()) {
                const auto plus = rest.find('+', from);
                std::string part = trim(rest.substr(from, plus - from));
                if (!part.empty())
                    parts.push_back(spelling_key(part));
                if (plus == std::string::npos)
                    break;
                from = plus + 1;
            }
        }
        impl.compound_exceptions[word] = std::move(parts);
    });
}

} // namespace

AnalyzerResources::AnalyzerResources(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AnalyzerResources::~AnalyzerResources() = default;

bool AnalyzerResources::is_stopword(std::string_view folded_word) const {
    return impl_->stopwords.contains(folded_word);
}

std::size_t AnalyzerResources::lexicon_size() const { return impl_->lexicon.size(); }

ResourcePaths AnalyzerResources::default_paths() {
    ResourcePaths paths;
    const char* env = std::getenv("FUNDUS_DATA_DIR");
    paths.data_dir = env != nullptr && *env != '\0' ? env : FUNDUS_DEFAULT_DATA_DIR;
    paths.lexicon = "/usr/share/dict/ngerman";
    return paths;
}

std::optional<HeadedLine> parse_headed_line(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return std::nullopt;
    HeadedLine out{spelling_key(trim(text.substr(0, colon))), {}};
    const std::string_view rest = text.substr(colon + 1);
    for (std::size_t from = 0; from < rest.size();) {
        const auto space = rest.find_first_of(" \t", from);
        if (std::string word = trim(rest.substr(from, space - from)); !word.empty())
            out.words.push_back(spelling_key(word));
        if (space == std::string_view::npos)
            break;
        from = space + 1;
    }
    return out;
}

std::shared_ptr<const AnalyzerResources> AnalyzerResources::load(const ResourcePaths& paths) {
    auto impl = std::make_unique<Impl>();
    for_each_line(paths.data_dir / "stopwords.txt", [&](const std::string& word, std::size_t) {
        impl->stopwords.insert(fold_case(word));
    });
    if (!paths.lexicon.empty() && std::filesystem::exists(paths.lexicon)) {
        std::vector<std::string> s_plurals;
        load_lexicon(paths.lexicon, *impl, true, s_plurals);
        const auto extra = paths.data_dir / "lexicon-extra.txt";
        if (std::filesystem::exists(extra))
            load_lexicon(extra, *impl, false, s_plurals);
        derive_s_plurals(s_plurals, *impl);
    }
    const auto verbs = paths.data_dir / "verb-forms.txt";
    if (std::filesystem::exists(verbs))
        load_verb_forms(verbs, *impl);
    const auto plurals = paths.data_dir / "plural-forms.txt";
    if (std::filesystem::exists(plurals))
        load_plural_forms(plurals, *impl);
    const auto exceptions = paths.data_dir / "compound-exceptions.txt";
    if (std::filesystem::exists(exceptions))
        load_compound_exceptions(exceptions, *impl);
    return std::make_shared<const AnalyzerResources>(std::move(impl));
}

} // namespace fundus::analyzers
