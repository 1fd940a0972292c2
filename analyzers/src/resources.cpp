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

void load_lexicon(const std::filesystem::path& path, AnalyzerResources::Impl& impl) {
    Xapian::Stem stemmer("german2");
    for_each_line(path, [&](const std::string& word, std::size_t) {
        std::string key = spelling_key(word);
        if (key.size() < min_short_part)
            return;
        const bool noun = starts_upper(word) && !all_upper_ascii(word);
        if (noun) {
            impl.nouns.insert(key);
            if (key.size() == min_short_part)
                impl.short_nouns.insert(key);
            impl.noun_stems.insert(stemmer(fold_case(word)));
        }
        if (key.size() > min_short_part || noun)
            impl.lexicon.insert(key);
        if (!noun && !all_upper_ascii(word))
            impl.lower_words.insert(key);
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
        load_lexicon(paths.lexicon, *impl);
        const auto extra = paths.data_dir / "lexicon-extra.txt";
        if (std::filesystem::exists(extra))
            load_lexicon(extra, *impl);
    }
    const auto verbs = paths.data_dir / "verb-forms.txt";
    if (std::filesystem::exists(verbs))
        load_verb_forms(verbs, *impl);
    const auto exceptions = paths.data_dir / "compound-exceptions.txt";
    if (std::filesystem::exists(exceptions))
        load_compound_exceptions(exceptions, *impl);
    return std::make_shared<const AnalyzerResources>(std::move(impl));
}

} // namespace fundus::analyzers
