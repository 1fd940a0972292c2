#include "fundus/analyzers/folding.h"
#include "fundus/analyzers/german_analyzer.h"
#include "fundus/error.h"
#include "fundus/text.h"
#include "resources_impl.h"
#include "verb_forms.h"

#include <xapian.h>

#include <cstdlib>
#include <fstream>

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

/// `word` with its first letter capitalised (ASCII or ä/ö/ü); empty for any other first letter.
std::string capitalised(const std::string& word) {
    std::string out = word;
    const auto c = static_cast<unsigned char>(word[0]);
    if (c >= 'a' && c <= 'z')
        out[0] = static_cast<char>(c - 'a' + 'A');
    else if (c == 0xC3 && word.size() > 1 &&
             (word[1] == '\xA4' || word[1] == '\xB6' || word[1] == '\xBC')) // ä ö ü -> Ä Ö Ü
        out[1] = static_cast<char>(static_cast<unsigned char>(word[1]) - 0x20);
    else
        return {};
    return out;
}

/// `noun` with an umlaut on its last a/o/u ("Kraft" -> "Kräft", "Baum" -> "Bäum"); empty if none.
std::string umlauted(const std::string& noun) {
    const auto vowel = noun.find_last_of("aou");
    if (vowel == std::string::npos || vowel == 0)
        return {};
    std::size_t at = vowel;
    if (noun[vowel] == 'u' && noun[vowel - 1] == 'a') // "au" -> "äu"
        at = vowel - 1;
    const char* umlaut = noun[at] == 'a' ? "\xC3\xA4" : noun[at] == 'o' ? "\xC3\xB6" : "\xC3\xBC";
    return noun.substr(0, at) + umlaut + noun.substr(at + 1);
}

/// Debian's word list keeps one entry where a noun and another word are spelt alike but for the
/// capital: "teil" stands for Teil and teil-, "zeit" for Zeit, "weg" for Weg and weg. Such a
/// lower-case entry is a noun for compound splitting too (`merged_nouns`) when the list has a
/// capitalised inflection of it that no other word shares: a genitive (Teiles, Weges, Dienstes),
/// an -en plural (Zeiten) or an umlaut plural (Kräfte, Pläne, Plätze). A plural in -e is no proof
/// ("Lage" is no plural of lag). Infinitive-shaped entries (-en, -eln, -ern) are left alone: they
/// count as nouns where a compound needs one anyway ("Verfahren").
void recover_merged_nouns(const std::vector<std::string>& lower, const WordSet& capital_words,
                          AnalyzerResources::Impl& impl, const Xapian::Stem& stemmer) {
    for (const std::string& word : lower) {
        if (word.ends_with("en") || word.ends_with("eln") || word.ends_with("ern"))
            continue;
        const std::string noun = capitalised(word);
        if (noun.empty())
            continue;
        // "-en" is a plural of the noun itself only when no noun ends in "-e" there: "Fährten"
        // is Fährte's plural and tells nothing about "fährt"; "Lagen" nothing about "lag".
        bool inflected =
            capital_words.contains(noun + "s") || capital_words.contains(noun + "es") ||
            (capital_words.contains(noun + "en") && !capital_words.contains(noun + "e"));
        if (!inflected) {
            const std::string plural = umlauted(noun);
            inflected = !plural.empty() && (capital_words.contains(plural + "e") ||
                                            capital_words.contains(plural + "er"));
        }
        if (inflected)
            add_noun(word, spelling_key(word), impl, stemmer, true);
    }
}

/// Plurals of borrowed nouns that replace the singular's ending (Zentrum/Zentren, Thema/Themen,
/// Risiko/Risiken, Praxis/Praxen, Virus/Viren): a capitalised word in -en whose stem plus -um,
/// -a, -on, -o, -us or -is is a noun of the list, when exactly one such singular exists and the
/// word is no regular plural (Christen: Christ), dative plural (Modulen: Modul) or singular
/// (Balken: Balkens) itself.
void derive_foreign_plurals(const std::vector<std::string>& capitalised_words,
                            const WordSet& capital_words, AnalyzerResources::Impl& impl) {
    for (const std::string& word : capitalised_words) {
        if (word.size() < 5 || !word.ends_with("en"))
            continue;
        const std::string stem = word.substr(0, word.size() - 2);
        if (capital_words.contains(word.substr(0, word.size() - 1)) || // Tenne-n, Jude-n
            (!stem.ends_with('e') && capital_words.contains(stem)) ||  // Christ-en, Modul-en
            capital_words.contains(word + "s"))                        // Balken-s
            continue;
        std::string singular;
        int found = 0;
        for (const char* ending : {"um", "a", "on", "o", "us", "is"})
            if (capital_words.contains(stem + ending)) {
                singular = stem + ending;
                ++found;
            }
        if (found == 1) // Medien: Medium or Media; Stadien: Stadion or Stadium
            impl.singular_of.emplace(spelling_key(word), spelling_key(singular));
    }
}

/// Loads a word list; `recover_nouns` for Debian's list (see recover_merged_nouns()).
void load_lexicon(const std::filesystem::path& path, AnalyzerResources::Impl& impl,
                  bool recover_nouns) {
    Xapian::Stem stemmer("german2");
    WordSet capital_words;          // as written, for recover_merged_nouns()
    std::vector<std::string> lower; // as written
    std::vector<std::string> upper; // as written
    for_each_line(path, [&](const std::string& word, std::size_t) {
        std::string key = spelling_key(word);
        if (key.size() < min_short_part)
            return;
        const bool noun = starts_upper(word) && !all_upper_ascii(word);
        if (noun) {
            add_noun(word, key, impl, stemmer);
            if (recover_nouns) {
                capital_words.insert(word);
                upper.push_back(word);
            }
        }
        if (key.size() > min_short_part || noun)
            impl.lexicon.insert(key);
        if (!noun && !all_upper_ascii(word)) {
            impl.lower_words.insert(key);
            if (recover_nouns)
                lower.push_back(word);
        }
    });
    if (recover_nouns) {
        recover_merged_nouns(lower, capital_words, impl, stemmer);
        derive_foreign_plurals(upper, capital_words, impl);
    }
}

/// data/plural-forms.txt: "Singular: Plural …" adds plurals, "!Plural" stops one.
void load_plural_forms(const std::filesystem::path& path, AnalyzerResources::Impl& impl) {
    for_each_line(path, [&](const std::string& line, std::size_t number) {
        if (line[0] == '!') {
            impl.singular_of.erase(spelling_key(trim(line.substr(1))));
            return;
        }
        const auto colon = line.find(':');
        const std::string singular =
            colon == std::string::npos ? "" : spelling_key(trim(line.substr(0, colon)));
        std::size_t added = 0;
        if (!singular.empty()) {
            const std::string rest = line.substr(colon + 1);
            for (std::size_t from = 0; from < rest.size();) {
                const auto space = rest.find_first_of(" \t", from);
                const std::string plural = trim(rest.substr(from, space - from));
                if (!plural.empty()) {
                    impl.singular_of.insert_or_assign(spelling_key(plural), singular);
                    ++added;
                }
                if (space == std::string::npos)
                    break;
                from = space + 1;
            }
        }
        if (added == 0)
            throw Error("AnalyzerResources::load(): " + path.string() + ":" +
                        std::to_string(number) + ": expected 'Singular: Plural …' or '!Plural'");
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

std::shared_ptr<const AnalyzerResources> AnalyzerResources::load(const ResourcePaths& paths) {
    auto impl = std::make_unique<Impl>();
    for_each_line(paths.data_dir / "stopwords.txt", [&](const std::string& word, std::size_t) {
        impl->stopwords.insert(fold_case(word));
    });
    if (!paths.lexicon.empty() && std::filesystem::exists(paths.lexicon)) {
        load_lexicon(paths.lexicon, *impl, true);
        const auto extra = paths.data_dir / "lexicon-extra.txt";
        if (std::filesystem::exists(extra))
            load_lexicon(extra, *impl, false);
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
