#include "fundus/analyzers/german_analyzer.h"

#include "decompounder.h"
#include "derivations.h"
#include "fundus/analyzers/folding.h"
#include "fundus/error.h"
#include "resources_impl.h"
#include "segmenter.h"
#include "verb_forms.h"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>
#include <vector>

namespace fundus::analyzers {

namespace {

constexpr std::size_t max_word_bytes = 64;
constexpr std::size_t min_gender_base = 3;

/// Separators that mark a gender form between a word and "innen"/"in": Bürger*innen, Bürger/-innen.
constexpr std::array<std::string_view, 6> gender_gaps = {"*", "/", "/-", ":", "_", "\xC2\xB7"};
/// The same markers when the segmentation keeps them inside one word: Bürger_innen, Bürger·innen
/// (and Bürger:innen under word rules without CLDR's tailoring, which ICU 72's are not).
constexpr std::array<std::string_view, 3> gender_inner_marks = {":", "_", "\xC2\xB7"};
constexpr std::array<std::string_view, 3> hyphens = {"-", "\xE2\x80\x90", "\xE2\x80\x91"};

/// Whether the text between a word ending at `end` and the next starting at `next_start` is one
/// hyphen ("E-Government").
bool hyphen_between(std::string_view text, std::uint32_t end, std::uint32_t next_start) {
    const std::string_view gap = text.substr(end, next_start - end);
    return std::find(hyphens.begin(), hyphens.end(), gap) != hyphens.end();
}

/// For each run of two or more of `count` words joined by hyphens (`joined(i)`: word i and word
/// i + 1 are), calls `on_run(first, joined_word)` with the run's folded words (`word(i)`) written
/// together, when that is no longer than max_word_bytes. The joined word is built only for runs.
template <typename Joined, typename Word, typename OnRun>
void for_each_hyphenated_run(std::size_t count, Joined joined, Word word, OnRun on_run) {
    for (std::size_t first = 0; first < count;) {
        std::size_t last = first;
        while (last + 1 < count && joined(last))
            ++last;
        if (last > first) {
            std::string together;
            for (std::size_t i = first; i <= last; ++i)
                together += word(i);
            if (together.size() <= max_word_bytes)
                on_run(first, together);
        }
        first = last + 1;
    }
}

bool is_feminine_suffix(std::string_view folded) { return folded == "innen" || folded == "in"; }

/// "1.000", "10.000.000": a number with German thousands separators -> its digits ("1000");
/// empty for anything else ("3.10.2024", "2,5", "1.5").
std::string without_thousands_separators(std::string_view s) {
    std::string digits;
    std::size_t group = 0; // digits since the last separator
    bool separated = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') {
            digits += c;
            ++group;
        } else if (c == '.' && group > 0 && group <= 3 && (!separated || group == 3)) {
            separated = true;
            group = 0;
        } else {
            return {};
        }
    }
    return separated && group == 3 ? digits : std::string();
}

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// A lowercase letter as the last character of `s` (ASCII or ä, ö, ü, ß in UTF-8).
bool ends_lowercase(std::string_view s) {
    if (s.empty())
        return false;
    const auto last = static_cast<unsigned char>(s.back());
    if (last >= 'a' && last <= 'z')
        return true;
    if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC3)
        return last == 0xA4 || last == 0xB6 || last == 0xBC || last == 0x9F;
    return false;
}

/// A word as the segmenter found it, after gender forms were merged.
struct RawWord {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::string word;        // folded
    std::string gender_base; // folded masculine base when the word is a marked gender form
    bool capitalised = false; // written with a capital: a noun or a name, not a verb form
    /// Capitals (and digits) with a lower-case -s: the plural or genitive of an abbreviation
    /// (KMUs, NGOs, PCs, MP3s).
    bool abbreviation_s = false;
};

/// "KMUs", "NGOs", "MP3s": two or more ASCII capitals, digits after the first, and a final "s".
bool abbreviation_with_s(std::string_view raw) {
    if (raw.size() < 3 || raw.back() != 's' || raw[0] < 'A' || raw[0] > 'Z')
        return false;
    std::size_t capitals = 0;
    for (const char c : raw.substr(0, raw.size() - 1)) {
        if (c >= 'A' && c <= 'Z')
            ++capitals;
        else if (c < '0' || c > '9')
            return false;
    }
    return capitals >= 2;
}

/// A capital letter first: ASCII or Ä, Ö, Ü in UTF-8.
bool starts_capital(std::string_view s) {
    if (s.empty())
        return false;
    const auto c = static_cast<unsigned char>(s[0]);
    if (c >= 'A' && c <= 'Z')
        return true;
    return c == 0xC3 && s.size() >= 2 &&
           (static_cast<unsigned char>(s[1]) == 0x84 || static_cast<unsigned char>(s[1]) == 0x96 ||
            static_cast<unsigned char>(s[1]) == 0x9C);
}

} // namespace

/// What analysing one folded word gives, cached: natural text repeats its words (Zipf), and
/// stemming plus compound splitting cost far more than a hash lookup.
struct WordAnalysis {
    std::string term;
    std::vector<std::string> variants;
    std::vector<std::string> compound_parts;
    bool stopword = false;
    bool gender_form = false;
    std::string infinitive;
    std::uint32_t word_bytes = 0; ///< a word's key starts with the folded word of this length
};

/// GermanAnalyzer::set_word_cache_limit()'s default.
constexpr std::size_t default_cached_words = 200000;

/// Values by string key, for the analyzer's caches. Open addressing over a power-of-two table of
/// entry numbers with the keys' hashes beside them: a lookup touches one slot and one entry, where
/// std::unordered_map walked to a node (18 % of a search's snippet analysis on 10kGNAD). Entries
/// are numbered from 1 (0: none); a number stays valid until the cache is emptied (clears()
/// counts that), a reference until the next insert(). Not thread-safe.
template <typename Value> class HashCache {
public:
    [[nodiscard]] std::uint32_t find(std::string_view key, std::size_t hash) const {
        if (slots_.empty())
            return 0;
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == 0)
                return 0;
            if (slot.hash == hash && entries_[slot.index - 1].first == key)
                return slot.index;
        }
    }

    /// Adds `key` (not in the cache) and gives its number; empties the cache first when it holds
    /// limit() entries.
    std::uint32_t insert(std::string key, std::size_t hash, Value value) {
        if (entries_.size() >= limit_)
            clear();
        if ((entries_.size() + 1) * 2 > slots_.size())
            grow();
        entries_.emplace_back(std::move(key), std::move(value));
        const auto number = static_cast<std::uint32_t>(entries_.size());
        place(hash, number);
        return number;
    }

    void clear() {
        entries_.clear();
        std::fill(slots_.begin(), slots_.end(), Slot{});
        ++clears_;
    }

    [[nodiscard]] const std::string& key(std::uint32_t number) const {
        return entries_[number - 1].first;
    }
    [[nodiscard]] const Value& value(std::uint32_t number) const {
        return entries_[number - 1].second;
    }
    [[nodiscard]] std::size_t size() const { return entries_.size(); }
    [[nodiscard]] std::uint64_t clears() const { return clears_; }
    [[nodiscard]] std::size_t limit() const { return limit_; }
    /// At most `entries` (at least 1) from now on; empties the cache when it holds more.
    void set_limit(std::size_t entries) {
        limit_ = entries;
        if (entries_.size() > limit_)
            clear();
    }

private:
    struct Slot {
        std::size_t hash = 0;
        std::uint32_t index = 0; ///< entry number; 0: empty
    };
    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::vector<std::pair<std::string, Value>> entries_;
    std::uint64_t clears_ = 0;
    std::size_t limit_ = default_cached_words;

    void place(std::size_t hash, std::uint32_t index) {
        std::size_t i = hash & mask_;
        while (slots_[i].index != 0)
            i = (i + 1) & mask_;
        slots_[i] = {hash, index};
    }

    void grow() {
        const std::size_t capacity = slots_.empty() ? 1024 : slots_.size() * 2;
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{});
        mask_ = capacity - 1;
        for (const Slot& slot : old)
            if (slot.index != 0)
                place(slot.hash, slot.index);
    }
};

/// The analyses of the words seen, by key (see GermanAnalyzer::Impl::cache).
using WordCache = HashCache<WordAnalysis>;

/// entry_at() for a word longer than max_word_bytes: no analysis, no token.
constexpr std::uint32_t too_long = 0xFFFFFFFF;

/// The bit of a term's first byte in an `initials` mask (several bytes share a bit).
std::uint64_t initial_bit(std::string_view term) {
    return term.empty() ? 0 : std::uint64_t{1} << (static_cast<unsigned char>(term[0]) & 63);
}

/// The first bytes of a word's term and variants: match() passes over a word whose initials
/// start no wanted term without reading its analysis.
std::uint64_t initials_of(const WordAnalysis& a) {
    std::uint64_t mask = initial_bit(a.term);
    for (const std::string& v : a.variants)
        mask |= initial_bit(v);
    return mask;
}

/// A word as written: its entry in the word cache (or too_long) and its initials.
struct WrittenWord {
    std::uint32_t entry = too_long;
    std::uint64_t initials = 0;
};

std::size_t hash_key(std::string_view key) { return std::hash<std::string_view>{}(key); }

struct GermanAnalyzer::Impl {
    std::shared_ptr<const AnalyzerResources> resources;
    AnalyzerOptions options;
    Segmenter segmenter;
    Xapian::Stem stemmer;
    /// Keys: word + '\x01' (or '\x02' when capitalised, '\x04' for an abbreviation with -s) +
    /// gender base; '\x03' + a hyphenated run joined ("egovernment"), whose analysis is its term
    /// and compound parts.
    WordCache cache;
    /// Words as written whose analysis needs nothing of their neighbours (no gender mark in the
    /// gap after them), with their entry in `cache` (or too_long): a repeated word is found by its
    /// bytes, without folding it and building its key. Emptied with `cache`.
    HashCache<WrittenWord> written;
    std::uint64_t written_for_clears = 0; ///< cache.clears() that `written` belongs to

    Impl(std::shared_ptr<const AnalyzerResources> res, AnalyzerOptions opts)
        : resources(std::move(res)), options(opts),
          stemmer(opts.umlaut_folding ? "german2" : "german") {}
    // Xapian::Stem copies share mutable state: every Impl gets its own stemmer.
    Impl(const Impl& other)
        : resources(other.resources), options(other.options), segmenter(other.segmenter),
          stemmer(other.options.umlaut_folding ? "german2" : "german") {
        cache.set_limit(other.cache.limit());
        written.set_limit(other.written.limit());
    }

    const AnalyzerResources::Impl& res() const { return resources->impl(); }

    std::string make_term(const std::string& folded) {
        if (has_digit(folded))
            return folded;
        if (!options.stemming)
            return options.umlaut_folding ? spelling_key(folded) : folded;
        return stemmer(folded);
    }

    /// The word of spans[i], merged with spans[i + 1] when the two are one gender form written
    /// with a gap ("Bürger*innen"), which `merged` then says.
    RawWord raw_word(std::string_view text, const std::vector<WordSpan>& spans, std::size_t i,
                     bool& merged) const;
    /// The cache entry of the analysis of the word at spans[i] (too_long: none) and its
    /// initials, merged with the next as raw_word() does.
    WrittenWord entry_at(std::string_view text, const std::vector<WordSpan>& spans, std::size_t i,
                         bool& merged);
    std::string unmarked_feminine_base(const std::string& folded);
    void add_compound_parts(Token& token, const std::string& folded_base);
    std::string el_noun_of_plural(const RawWord& raw, const std::string& key) const;
    void add_joined_forms(std::vector<Token>& tokens, std::string_view text);
    const WordAnalysis& joined_analysis(const std::string& joined);
    /// The cache entry of the analysis of `raw`.
    std::uint32_t entry_of(const RawWord& raw);
    Token make_token(std::uint32_t entry, std::uint32_t start, std::uint32_t end,
                     std::uint32_t position) const;
    Token analyze_word(const RawWord& raw);
};

namespace {

/// Whether the gap after a word and the word after it may make the two one gender form
/// ("Bürger*innen", "Bürger/-innen"): the gap is a gender mark and the next word is short.
bool gender_gap_before(std::string_view text, WordSpan span, WordSpan next) {
    const std::string_view gap = text.substr(span.end, next.start - span.end);
    return next.end - next.start <= 6 &&
           std::find(gender_gaps.begin(), gender_gaps.end(), gap) != gender_gaps.end();
}

} // namespace

RawWord GermanAnalyzer::Impl::raw_word(std::string_view text, const std::vector<WordSpan>& spans,
                                       std::size_t i, bool& merged) const {
    merged = false;
    const WordSpan span = spans[i];
    const std::string_view raw = text.substr(span.start, span.end - span.start);
    RawWord word{span.start, span.end, {}, {}, starts_capital(raw)};
    // The gap first: folding every next word cost a fifth of the analysis of a text.
    if (options.gender_forms && i + 1 < spans.size() &&
        gender_gap_before(text, span, spans[i + 1])) {
        const WordSpan next = spans[i + 1];
        const std::string suffix = fold_case(text.substr(next.start, next.end - next.start));
        if (is_feminine_suffix(suffix)) {
            word.gender_base = fold_case(raw);
            word.word = word.gender_base + suffix;
            word.end = next.end;
            merged = true;
            return word;
        }
    }
    if (options.gender_forms) {
        for (std::string_view mark : gender_inner_marks) {
            const auto at = raw.rfind(mark);
            if (at == std::string_view::npos || at == 0)
                continue;
            const std::string suffix = fold_case(raw.substr(at + mark.size()));
            if (is_feminine_suffix(suffix)) {
                word.gender_base = fold_case(raw.substr(0, at));
                word.word = word.gender_base + suffix;
                break;
            }
        }
        // Binnen-I: BürgerInnen, LehrerIn
        for (std::string_view capital : {std::string_view("Innen"), std::string_view("In")}) {
            if (!word.gender_base.empty() || !ends_with(raw, capital))
                continue;
            const std::string_view base = raw.substr(0, raw.size() - capital.size());
            if (ends_lowercase(base)) {
                word.gender_base = fold_case(base);
                word.word = word.gender_base + fold_case(capital);
            }
        }
    }
    if (word.word.empty()) {
        word.word = fold_case(raw);
        word.abbreviation_s = abbreviation_with_s(raw);
    }
    return word;
}

WrittenWord GermanAnalyzer::Impl::entry_at(std::string_view text,
                                           const std::vector<WordSpan>& spans, std::size_t i,
                                           bool& merged) {
    auto entry_of_raw = [&](const RawWord& raw) {
        if (raw.word.size() > max_word_bytes)
            return WrittenWord{};
        const std::uint32_t entry = entry_of(raw);
        return WrittenWord{entry, initials_of(cache.value(entry))};
    };
    if (options.gender_forms && i + 1 < spans.size() &&
        gender_gap_before(text, spans[i], spans[i + 1]))
        return entry_of_raw(raw_word(text, spans, i, merged));
    merged = false;
    const std::string_view as_written = text.substr(spans[i].start, spans[i].end - spans[i].start);
    const std::size_t hash = hash_key(as_written);
    if (written_for_clears == cache.clears()) {
        if (const std::uint32_t found = written.find(as_written, hash); found != 0)
            return written.value(found);
    }
    const WrittenWord word = entry_of_raw(raw_word(text, spans, i, merged));
    if (written_for_clears != cache.clears()) { // emptied before or by this word's analysis
        written.clear();
        written_for_clears = cache.clears();
    }
    if (as_written.size() <= max_word_bytes) // a longer one has no analysis: not worth keeping
        written.insert(std::string(as_written), hash, word);
    return word;
}

std::string GermanAnalyzer::Impl::unmarked_feminine_base(const std::string& folded) {
    const AnalyzerResources::Impl& r = res();
    if (r.noun_stems.empty())
        return {};
    // "ärztinnen" -> "ärzt" when the stem of the base is a noun's ("Arzt"); "ärztin" -> "ärzt"
    // only when the lexicon has its plural "ärztinnen" (so "Termin" is no feminine "Term").
    auto feminine_base = [&](const std::string& key) -> std::string {
        std::string base;
        if (ends_with(key, "innen"))
            base = key.substr(0, key.size() - 5);
        else if (ends_with(key, "in") && r.lexicon.contains(key + "nen"))
            base = key.substr(0, key.size() - 2);
        if (base.size() < min_gender_base || !r.noun_stems.contains(stemmer(base)))
            return {};
        return base;
    };
    const std::string key = spelling_key(folded);
    if (std::string base = feminine_base(key); !base.empty())
        return base;
    // A compound whose last part is a feminine form: "Oberbürgermeisterin".
    if (!ends_with(key, "in") && !ends_with(key, "innen"))
        return {};
    const auto parts = split_compound(r, key);
    if (parts.size() < 2)
        return {};
    const std::string head_base = feminine_base(parts.back());
    if (head_base.empty())
        return {};
    return key.substr(0, key.size() - (parts.back().size() - head_base.size()));
}

/// Snowball leaves the -n of nouns in -el alone (Inseln, Regeln, Ampeln, Mitteln): for such a
/// plural (`key`: its spelling key), the singular's spelling key; empty otherwise. A lower-case
/// word the list knows in lower case is a verb ("handeln", "wechseln") and gets none.
std::string GermanAnalyzer::Impl::el_noun_of_plural(const RawWord& raw,
                                                    const std::string& key) const {
    if (key.size() < 5 || !ends_with(key, "eln") || has_digit(key))
        return {};
    if (!raw.capitalised && res().lower_words.contains(key))
        return {};
    std::string singular = key.substr(0, key.size() - 1);
    if (res().compound_noun(singular) || !split_compound(res(), singular).empty())
        return singular;
    return {};
}

void GermanAnalyzer::Impl::add_compound_parts(Token& token, const std::string& folded_base) {
    if (has_digit(folded_base))
        return;
    for (const std::string& part : split_compound(res(), spelling_key(folded_base))) {
        const std::string* singular = options.stemming ? res().singular(part) : nullptr;
        std::string term = make_term(singular != nullptr ? *singular : part);
        if (term == token.term ||
            std::find(token.variants.begin(), token.variants.end(), term) != token.variants.end())
            continue;
        token.compound_parts.push_back(term);
        token.variants.push_back(std::move(term));
    }
}

std::uint32_t GermanAnalyzer::Impl::entry_of(const RawWord& raw) {
    std::string key = raw.word;
    key += raw.abbreviation_s ? '\x04' : raw.capitalised ? '\x02' : '\x01';
    key += raw.gender_base;
    const std::size_t hash = hash_key(key);
    if (const std::uint32_t found = cache.find(key, hash); found != 0)
        return found;
    Token fresh = analyze_word(raw);
    return cache.insert(std::move(key), hash,
                        WordAnalysis{std::move(fresh.term), std::move(fresh.variants),
                                     std::move(fresh.compound_parts), fresh.stopword,
                                     fresh.gender_form, std::move(fresh.infinitive),
                                     static_cast<std::uint32_t>(raw.word.size())});
}

Token GermanAnalyzer::Impl::make_token(std::uint32_t entry, std::uint32_t start, std::uint32_t end,
                                       std::uint32_t position) const {
    const WordAnalysis& a = cache.value(entry);
    Token token;
    token.word = cache.key(entry).substr(0, a.word_bytes);
    token.term = a.term;
    token.variants = a.variants;
    token.compound_parts = a.compound_parts;
    token.stopword = a.stopword;
    token.gender_form = a.gender_form;
    token.infinitive = a.infinitive;
    token.position = position;
    token.start = start;
    token.end = end;
    return token;
}

Token GermanAnalyzer::Impl::analyze_word(const RawWord& raw) {
    Token token;
    token.word = raw.word;
    token.term = make_term(raw.word);
    token.stopword = resources->is_stopword(raw.word);
    std::string base = raw.gender_base;
    if (base.empty() && options.gender_forms && !token.stopword)
        base = unmarked_feminine_base(raw.word);
    if (!base.empty()) {
        token.gender_form = true;
        std::string base_term = make_term(base);
        if (base_term != token.term)
            token.variants.push_back(std::move(base_term));
    }
    if (options.decompound && !token.stopword)
        add_compound_parts(token, base.empty() ? raw.word : base);
    auto add_variant = [&token](std::string term) {
        if (term != token.term &&
            std::find(token.variants.begin(), token.variants.end(), term) == token.variants.end())
            token.variants.push_back(std::move(term));
    };
    const std::string key = spelling_key(raw.word);
    if (options.stemming && !token.stopword) {
        // plurals no stemmer joins to their singular: "Zentren" -> Zentrum, "Inseln" -> Insel
        if (const std::string* singular = res().singular(key); singular != nullptr)
            add_variant(make_term(*singular));
        if (std::string singular = el_noun_of_plural(raw, key); !singular.empty())
            add_variant(make_term(singular));
        // English plurals in -ies (Cities, Communities, Stories): Snowball gives citi, the
        // singular stays city. The singular must be a noun of the word list.
        if (raw.capitalised && key.size() >= 6 && ends_with(key, "ies")) {
            std::string singular = key.substr(0, key.size() - 3) + "y";
            if (res().nouns.contains(singular))
                add_variant(make_term(singular));
        }
        // "KMUs": the abbreviation itself (Snowball keeps the -s after most letters)
        if (raw.abbreviation_s)
            add_variant(make_term(raw.word.substr(0, raw.word.size() - 1)));
    }
    if (std::string digits = without_thousands_separators(raw.word); !digits.empty())
        add_variant(std::move(digits)); // "1.000" is also found as "1000"
    if (options.verb_forms && !raw.capitalised && !token.stopword && base.empty() &&
        !has_digit(raw.word)) {
        const std::string infinitive = infinitive_of(res(), key);
        if (!infinitive.empty()) {
            std::string term = make_term(infinitive);
            if (term != token.term &&
                std::find(token.variants.begin(), token.variants.end(), term) ==
                    token.variants.end()) {
                token.infinitive = term;
                token.variants.push_back(std::move(term));
            }
        }
    }
    // (also capitalised: an adjective opens a sentence or a title, "Kritische Infrastruktur")
    if (options.derivations && !token.stopword && base.empty() && !has_digit(raw.word))
        for (const std::string& noun : nouns_of_adjective(res(), key))
            add_variant(make_term(noun));
    return token;
}

void GermanAnalyzer::Impl::add_joined_forms(std::vector<Token>& tokens, std::string_view text) {
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i)
        tokens[i].joined_to_next = hyphen_between(text, tokens[i].end, tokens[i + 1].start);
    if (!options.hyphen_joining)
        return;
    for_each_hyphenated_run(
        tokens.size(), [&](std::size_t i) { return tokens[i].joined_to_next; },
        [&](std::size_t i) -> const std::string& { return tokens[i].word; },
        [&](std::size_t first, const std::string& joined) {
            Token& head = tokens[first];
            const WordAnalysis& a = joined_analysis(joined);
            if (a.term != head.term)
                head.variants.push_back(a.term);
            // The parts of the joined word's compound that no word of the run carries already
            // ("Online-Zugangsgesetz" -> online, zugang, gesetz: all there, as terms or parts);
            // a second copy would count the word twice in its synonym group.
            auto in_run = [&](const std::string& part) {
                for (std::size_t i = first; i < tokens.size(); ++i) {
                    if (tokens[i].term == part ||
                        std::find(tokens[i].variants.begin(), tokens[i].variants.end(), part) !=
                            tokens[i].variants.end())
                        return true;
                    if (!tokens[i].joined_to_next)
                        break;
                }
                return false;
            };
            for (const std::string& part : a.compound_parts) {
                if (in_run(part))
                    continue;
                head.compound_parts.push_back(part);
                head.variants.push_back(part);
            }
        });
}

const WordAnalysis& GermanAnalyzer::Impl::joined_analysis(const std::string& joined) {
    std::string key = "\x03" + joined;
    const std::size_t hash = hash_key(key);
    if (const std::uint32_t found = cache.find(key, hash); found != 0)
        return cache.value(found);
    WordAnalysis a;
    a.term = make_term(joined);
    if (options.decompound && !has_digit(joined))
        for (const std::string& part : split_compound(res(), spelling_key(joined)))
            a.compound_parts.push_back(make_term(part));
    return cache.value(cache.insert(std::move(key), hash, std::move(a)));
}

GermanAnalyzer::GermanAnalyzer(std::shared_ptr<const AnalyzerResources> resources,
                               AnalyzerOptions options) {
    if (!resources)
        throw Error("GermanAnalyzer::GermanAnalyzer(): resources must not be null");
    impl_ = std::make_unique<Impl>(std::move(resources), options);
}

GermanAnalyzer::GermanAnalyzer(const GermanAnalyzer& other)
    : impl_(std::make_unique<Impl>(*other.impl_)) {}

GermanAnalyzer& GermanAnalyzer::operator=(const GermanAnalyzer& other) {
    if (this != &other)
        impl_ = std::make_unique<Impl>(*other.impl_);
    return *this;
}

void GermanAnalyzer::set_word_cache_limit(std::size_t words) {
    if (words == 0)
        throw Error("GermanAnalyzer::set_word_cache_limit(): words must be at least 1");
    impl_->cache.set_limit(words);
    impl_->written.set_limit(words);
}

GermanAnalyzer::GermanAnalyzer(GermanAnalyzer&&) noexcept = default;
GermanAnalyzer& GermanAnalyzer::operator=(GermanAnalyzer&&) noexcept = default;
GermanAnalyzer::~GermanAnalyzer() = default;

std::vector<Token> GermanAnalyzer::analyze(std::string_view text, std::uint32_t first_position) {
    const std::vector<WordSpan> spans = impl_->segmenter.words(text);
    std::vector<Token> tokens;
    tokens.reserve(spans.size());
    std::uint32_t position = first_position;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        bool merged = false;
        const std::uint32_t entry = impl_->entry_at(text, spans, i, merged).entry;
        const std::uint32_t start = spans[i].start;
        if (merged)
            ++i;
        if (entry == too_long) {
            ++position; // too long to be a word anybody types; keep the positions of the rest
            continue;
        }
        tokens.push_back(impl_->make_token(entry, start, spans[i].end, position++));
    }
    impl_->add_joined_forms(tokens, text);
    return tokens;
}

std::vector<WordMatch> GermanAnalyzer::match(std::string_view text,
                                             const std::vector<std::string>& terms) {
    const std::vector<WordSpan> spans = impl_->segmenter.words(text);
    // Most words match nothing: a term whose first byte starts no wanted term is passed over
    // without a search.
    std::array<bool, 256> starts{};
    std::uint64_t initials = 0;
    for (const auto& t : terms) {
        if (!t.empty())
            starts[static_cast<unsigned char>(t[0])] = true;
        initials |= initial_bit(t);
    }
    auto find = [&](const std::string& term) -> const std::string* {
        if (term.empty() || !starts[static_cast<unsigned char>(term[0])])
            return nullptr;
        const auto it = std::lower_bound(terms.begin(), terms.end(), term);
        return it != terms.end() && *it == term ? &*it : nullptr;
    };
    const bool joining = impl_->options.hyphen_joining;
    std::vector<WordMatch> out;
    out.reserve(spans.size());
    // The folded words of those next to a hyphen (by index in `out`), for the joined forms, and
    // their terms and variants (copies: a later word may empty the cache).
    std::vector<std::string> run_words;
    std::vector<std::vector<std::string>> run_terms;
    bool after_hyphen = false; // the last word kept is followed by a hyphen
    for (std::size_t i = 0; i < spans.size(); ++i) {
        bool merged = false;
        const WrittenWord word = impl_->entry_at(text, spans, i, merged);
        const std::uint32_t start = spans[i].start;
        if (merged)
            ++i;
        if (word.entry == too_long) {
            after_hyphen = false;
            continue; // as analyze(): no token
        }
        const std::string* found = nullptr;
        if ((word.initials & initials) != 0) {
            const WordAnalysis& a = impl_->cache.value(word.entry);
            found = find(a.term);
            for (std::size_t v = 0; found == nullptr && v < a.variants.size(); ++v)
                found = find(a.variants[v]);
        }
        out.push_back({start, spans[i].end, found});
        if (!joining)
            continue;
        const bool before_hyphen =
            i + 1 < spans.size() && hyphen_between(text, spans[i].end, spans[i + 1].start);
        if (before_hyphen || after_hyphen) {
            run_words.resize(out.size());
            run_terms.resize(out.size());
            const WordAnalysis& a = impl_->cache.value(word.entry);
            run_words.back() = impl_->cache.key(word.entry).substr(0, a.word_bytes);
            run_terms.back() = a.variants;
            run_terms.back().push_back(a.term);
        }
        after_hyphen = before_hyphen;
    }
    if (!joining)
        return out;
    // As add_joined_forms(): the head of a hyphenated run also has the joined word's term and the
    // parts of its compound that no word of the run has, after its own variants.
    for_each_hyphenated_run(
        out.size(),
        [&](std::size_t i) { return hyphen_between(text, out[i].end, out[i + 1].start); },
        [&](std::size_t i) -> const std::string& { return run_words[i]; },
        [&](std::size_t first, const std::string& joined) {
            if (out[first].term != nullptr)
                return;
            auto in_run = [&](const std::string& part) {
                for (std::size_t i = first; i < out.size(); ++i) {
                    const auto& t = run_terms[i];
                    if (std::find(t.begin(), t.end(), part) != t.end())
                        return true;
                    if (i + 1 >= out.size() || !hyphen_between(text, out[i].end, out[i + 1].start))
                        break;
                }
                return false;
            };
            const WordAnalysis& a = impl_->joined_analysis(joined);
            const std::string* found = find(a.term);
            for (std::size_t p = 0; found == nullptr && p < a.compound_parts.size(); ++p)
                if (!in_run(a.compound_parts[p]))
                    found = find(a.compound_parts[p]);
            out[first].term = found;
        });
    return out;
}

std::string GermanAnalyzer::term(std::string_view word) { return impl_->make_term(fold_case(word)); }

GermanAnalyzer::SForms GermanAnalyzer::unknown_word_s_forms(std::string_view folded_word) {
    const AnalyzerResources::Impl& r = impl_->res();
    // (the lexicon holds every noun; lower_words also the short lower-case words it leaves out)
    auto known = [&r](std::string_view key) {
        return r.lexicon.contains(key) || r.lower_words.contains(key);
    };
    const std::string key = spelling_key(folded_word);
    if (!impl_->options.stemming || has_digit(key) || known(key) ||
        impl_->resources->is_stopword(folded_word))
        return {};
    const bool has_s = keeps_final_s(key);
    const std::string other = has_s ? key.substr(0, key.size() - 1) : key + "s";
    if (!has_s && !keeps_final_s(other))
        return {};
    const std::string& without_s = has_s ? other : key;
    if (ends_in_diphthong(without_s) || known(other))
        return {};
    const std::string& with_s = has_s ? key : other;
    return {impl_->make_term(with_s), impl_->make_term(without_s)};
}

const AnalyzerOptions& GermanAnalyzer::options() const { return impl_->options; }
const AnalyzerResources& GermanAnalyzer::resources() const { return *impl_->resources; }

} // namespace fundus::analyzers
