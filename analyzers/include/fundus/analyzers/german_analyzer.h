// The German analyzer: text -> terms with positions and byte offsets, the same at index and query
// time. Not thread-safe: one GermanAnalyzer per thread; copies are cheap and share the immutable
// AnalyzerResources, which are thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

/// The revision of the analysis rules in this code. Raise it with every change that gives some
/// text other terms than before: the indexer mixes it into the analysis fingerprint, so the first
/// `fundus-index update` after an upgrade re-analyses every document instead of mixing old and
/// new terms. 2: words with a lower-case umlaut first ("übersetzen") are no longer taken for
/// nouns; nouns the word list has only in lower case (Teil, Zeit, Weg) are compound parts;
/// "1.000" has the variant "1000"; borrowed plurals reach their singular (Zentren: Zentrum), and
/// plurals in -eln theirs in -el (Inseln: Insel). 3: nouns in -ung made from a verb are not split
/// inside the verb (Gründung: no Grün + Dung); the head of a hyphenated run no longer repeats the
/// run's words as parts of the joined word. 4: adjectives in -isch carry the term of their noun
/// (kritisch: Kritik, städtisch: Stadt). 5: plurals and genitives in -s that Snowball keeps reach
/// the word without it (Kitas: Kita, Apps: App, Europas: Europa). 6: an abbreviation written with
/// a lower-case -s carries the abbreviation's term (KMUs: KMU, PCs: PC). 7: English plurals in
/// -ies reach their singular in -y (Cities: City, Communities: Community).
inline constexpr int analysis_revision = 7;

/// One word of the analysed text.
struct Token {
    /// The indexed and queried term: NFKC + case folded, umlaut spellings unified, Snowball
    /// German (german2) stemmed. "Kommunen" -> "kommun", "Muenchen" -> "munch".
    std::string term;
    /// The folded, unstemmed word ("kommunen"); for spelling data, suggestions and display.
    std::string word;
    /// Further terms at the same position: the masculine base of a gender form, the joined form
    /// of a hyphenated word, the parts of a compound. Each is a stemmed term like `term`.
    std::vector<std::string> variants;
    /// The parts of a compound ("breitband", "ausbau"), stemmed; a subset of `variants`.
    std::vector<std::string> compound_parts;
    std::uint32_t position = 0; ///< word position, counting from the analyse() call's start
    std::uint32_t start = 0;    ///< byte offset of the word's first byte in the input
    std::uint32_t end = 0;      ///< byte offset one past the word's last byte
    bool stopword = false;      ///< on the stop list (still indexed, so that phrases work)
    bool joined_to_next = false; ///< the next token follows after a hyphen ("E-Government")
    bool gender_form = false;   ///< a gender form (Bürger*innen, BürgerInnen, Ärztinnen)
    /// A verb form's infinitive, stemmed ("gewann" -> "gewinn"); also in `variants`. Empty for
    /// any other word.
    std::string infinitive;
};

/// A word of a text and the search term it matches, if any (GermanAnalyzer::match).
struct WordMatch {
    std::uint32_t start = 0;           ///< byte offset of the word's first byte, as Token::start
    std::uint32_t end = 0;             ///< one past its last byte, as Token::end
    const std::string* term = nullptr; ///< into match()'s `terms`; null: the word matches none
};

/// Switches for each analysis feature; all on by default. Used for ablation measurements.
struct AnalyzerOptions {
    bool stemming = true;     ///< Snowball German stemming, and borrowed plurals (Zentren: Zentrum)
    bool umlaut_folding = true; ///< ae/oe/ue spelled umlauts equal ä/ö/ü (german2 stemmer)
    bool gender_forms = true; ///< merge gender forms, add the masculine base as a variant
    bool hyphen_joining = true; ///< add the joined form of hyphenated words as a variant
    bool decompound = true;   ///< add the parts of compounds as variants
    /// add the infinitive of a verb form as a variant: "beantragt" -> "beantragen", "gewann" ->
    /// "gewinnen" (regular verbs through the word list, irregular ones from data/verb-forms.txt)
    bool verb_forms = true;
    /// add the noun an adjective in -isch is derived from as a variant: "städtisch" -> "Stadt",
    /// "indisch" -> "Indien", "kritisch" -> "Kritik" (through the word list)
    bool derivations = true;
};

/// Where the analyzer's resource files are.
struct ResourcePaths {
    /// Folder with stopwords.txt, lexicon-extra.txt, compound-exceptions.txt, verb-forms.txt,
    /// plural-forms.txt.
    std::filesystem::path data_dir;
    /// A word list, one word per line (Debian's wngerman: /usr/share/dict/ngerman). Optional:
    /// empty or missing disables compound splitting and unmarked gender forms.
    std::filesystem::path lexicon;
};

/// Immutable, shared resources: stop words, lexicon, compound exceptions. Thread-safe.
class AnalyzerResources {
public:
    /// Loads every resource. Throws fundus::Error naming the file when one cannot be read.
    static std::shared_ptr<const AnalyzerResources> load(const ResourcePaths& paths);
    /// The resource paths used when nothing else is configured: the source tree's data/ folder
    /// (or FUNDUS_DATA_DIR from the environment) and /usr/share/dict/ngerman.
    static ResourcePaths default_paths();

    struct Impl;
    explicit AnalyzerResources(std::unique_ptr<Impl> impl);
    ~AnalyzerResources();
    AnalyzerResources(const AnalyzerResources&) = delete;
    AnalyzerResources& operator=(const AnalyzerResources&) = delete;

    [[nodiscard]] const Impl& impl() const { return *impl_; }
    [[nodiscard]] bool is_stopword(std::string_view folded_word) const;
    [[nodiscard]] std::size_t lexicon_size() const;

private:
    std::unique_ptr<Impl> impl_;
};

class GermanAnalyzer {
public:
    explicit GermanAnalyzer(std::shared_ptr<const AnalyzerResources> resources,
                            AnalyzerOptions options = {});
    GermanAnalyzer(const GermanAnalyzer& other);
    GermanAnalyzer& operator=(const GermanAnalyzer& other);
    GermanAnalyzer(GermanAnalyzer&&) noexcept;
    GermanAnalyzer& operator=(GermanAnalyzer&&) noexcept;
    ~GermanAnalyzer();

    /// How many words' analyses the analyzer keeps for reuse (default 200,000, a few hundred
    /// bytes each; a copy keeps the limit). When full it starts afresh: the results never
    /// depend on the limit, only time and memory do. Throws fundus::Error for 0.
    void set_word_cache_limit(std::size_t words);

    /// Splits `text` (UTF-8; invalid sequences are treated as U+FFFD) into words and analyses
    /// each. Positions start at `first_position`.
    std::vector<Token> analyze(std::string_view text, std::uint32_t first_position = 0);

    /// The words of `text` as analyze() finds them (same words, same offsets), each with the
    /// first of its token's term and variants, in that order, that is one of `terms` (sorted):
    /// what highlighting needs, without building the tokens (no copies of words, terms and
    /// variants per word).
    std::vector<WordMatch> match(std::string_view text, const std::vector<std::string>& terms);

    /// The term of a single word, as analyze() would give it ("Kommunen" -> "kommun").
    std::string term(std::string_view word);

    /// A word's two -s forms as terms, for a word the word list lacks (a name, mostly) that ends
    /// in -s after a letter Snowball keeps it after, or in such a letter: "teslas" and "tesla",
    /// for "Teslas" and for "Tesla". Both empty otherwise (a known word, a diphthong, a stop
    /// word, digits). Whether the -s is a genitive only the texts can tell: the -s form is the
    /// rarer one (QueryBuilder asks the index).
    struct SForms {
        std::string with_s;
        std::string without_s;
    };
    SForms unknown_word_s_forms(std::string_view folded_word);

    [[nodiscard]] const AnalyzerOptions& options() const;
    [[nodiscard]] const AnalyzerResources& resources() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace fundus::analyzers
