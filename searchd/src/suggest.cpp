#include "suggest.h"

#include "fundus/index/gazetteer.h"
#include "fundus/index/schema.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

namespace fundus::searchd {

namespace {

namespace schema = index::schema;

enum class Kind { topic, region, tag, title, word }; // also the order of equal frequencies

const char* kind_name(Kind k) {
    switch (k) {
    case Kind::topic:
        return "topic";
    case Kind::region:
        return "region";
    case Kind::tag:
        return "tag";
    case Kind::title:
        return "title";
    case Kind::word:
        return "word";
    }
    return "word";
}

struct Candidate {
    std::string text;
    std::string key; ///< the full key of the text, for de-duplication
    Kind kind = Kind::word;
    Xapian::doccount freq = 0;
    bool typo = false;
    bool title_start = false; ///< a title that begins with what was typed
    std::string date;         ///< titles: publication date, newer first
};

Candidate candidate(std::string text, std::string key, Kind kind, Xapian::doccount freq,
                    bool typo) {
    Candidate c;
    c.text = std::move(text);
    c.key = std::move(key);
    c.kind = kind;
    c.freq = freq;
    c.typo = typo;
    return c;
}

/// True when `word` starts with a small letter (a-z, or ß, ä, ö, ü and the other Latin-1 ones).
bool starts_small(std::string_view word) {
    if (word.empty())
        return false;
    const auto c = static_cast<unsigned char>(word[0]);
    if (c >= 'a' && c <= 'z')
        return true;
    return c == 0xC3 && word.size() > 1 && static_cast<unsigned char>(word[1]) >= 0x9F;
}

/// A word from its spellings: the frequencies add up; the text is the most frequent spelling,
/// but a word also written in small letters is capitalised only at the start of a sentence
/// ("Gleichzeitig"), nouns never are.
Candidate word_candidate(const std::string& key,
                         const std::vector<std::pair<std::string, Xapian::doccount>>& forms,
                         bool typo) {
    Candidate c = candidate("", key, Kind::word, 0, typo);
    Xapian::doccount best = 0;
    for (const auto& [display, f] : forms) {
        c.freq += f;
        if (f > best) {
            best = f;
            c.text = display;
        }
    }
    for (const auto& [display, f] : forms)
        if (4 * f >= c.freq && starts_small(display))
            c.text = display;
    return c;
}

std::size_t characters(std::string_view utf8) {
    std::size_t n = 0;
    for (char c : utf8)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != ' ' && c != '\t')
            ++n;
    return n;
}

/// The last whitespace-separated word of `q`.
std::string_view last_word(std::string_view q) {
    const auto end = q.find_last_not_of(" \t\r\n");
    if (end == std::string_view::npos)
        return {};
    const auto space = q.find_last_of(" \t\r\n", end);
    const std::size_t start = space == std::string_view::npos ? 0 : space + 1;
    return q.substr(start, end + 1 - start);
}

/// Reads the entries [`it`, `end`) (at most `max_scan`), each `prefix + key [\t display]`, and
/// hands over those whose key matches `typed`: as a prefix, or with one typo when `typo` (then the
/// scan starts from a shorter head). `freq(it, entry)` is read only for those (an entry of
/// frequency 0 is skipped). Stops early when `take(entry, key, display, freq)` returns false.
template <typename Iterator, typename Freq, typename F>
void scan_entries(Iterator it, const Iterator& end, std::size_t prefix, const std::string& typed,
                  bool typo, std::size_t max_scan, Freq&& freq, F&& take) {
    for (std::size_t n = 0; it != end && n < max_scan; ++it, ++n) {
        const std::string entry = *it;
        const std::string_view rest = std::string_view(entry).substr(prefix);
        const auto tab = rest.find(schema::suggest_separator);
        const std::string_view key = rest.substr(0, tab);
        const std::string_view display =
            tab == std::string_view::npos ? std::string_view{} : rest.substr(tab + 1);
        const bool exact = key.starts_with(typed);
        if (!(typo ? (!exact && one_typo_prefix(typed, key)) : exact))
            continue;
        const Xapian::doccount f = freq(it, entry);
        if (f > 0 && !take(entry, key, display, f))
            return;
    }
}

/// scan_entries() over the terms `prefix + head...`, with their term frequencies.
template <typename F>
void scan(const Xapian::Database& db, std::string_view prefix, const std::string& head,
          const std::string& typed, bool typo, std::size_t max_scan, F&& take) {
    const std::string start = std::string(prefix) + head;
    scan_entries(
        db.allterms_begin(start), db.allterms_end(start), prefix.size(), typed, typo, max_scan,
        [](const Xapian::TermIterator& it, const std::string&) { return it.get_termfreq(); },
        std::forward<F>(take));
}

/// scan_entries() over the word suggestions of `db` (schema::suggest_word metadata keys, their
/// counts as values).
template <typename F>
void scan_words(const Xapian::Database& db, const std::string& head, const std::string& typed,
                bool typo, std::size_t max_scan, F&& take) {
    const std::string start = std::string(schema::suggest_word) + head;
    scan_entries(
        db.metadata_keys_begin(start), db.metadata_keys_end(start), schema::suggest_word.size(),
        typed, typo, max_scan,
        [&](const Xapian::TermIterator&, const std::string& entry) {
            return static_cast<Xapian::doccount>(schema::suggest_count(db.get_metadata(entry)));
        },
        std::forward<F>(take));
}

/// The `keep` most frequent of `found`.
void keep_most_frequent(std::vector<Candidate>& found, std::size_t keep) {
    if (found.size() <= keep)
        return;
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(keep), found.end(),
                      [](const Candidate& a, const Candidate& b) { return a.freq > b.freq; });
    found.resize(keep);
}

class Collector {
public:
    Collector(const Xapian::Database& db, const SuggestLimits& limits, std::size_t size)
        : db_(db), limits_(limits), keep_(2 * size + 4) {}

    /// Words completing `word_key` (the last word typed), from each of `sources` (the shards of
    /// an index without a spelling index; else one): the counts of a spelling add up, and the
    /// spellings of one key ("Gleichzeitig", "gleichzeitig") make one word.
    void words(const std::vector<Xapian::Database>& sources, const std::string& word_key,
               bool typo) {
        const std::string head = typo ? word_key.substr(0, 2) : word_key;
        std::map<std::string, std::map<std::string, Xapian::doccount>, std::less<>> forms;
        auto take = [&](const std::string&, std::string_view key, std::string_view display,
                        Xapian::doccount f) {
            auto& of_key = forms.try_emplace(std::string(key)).first->second;
            of_key[std::string(display)] += f;
            return true;
        };
        for (const auto& source : sources) {
            // An index written before schema 3 has its words as terms: served as they are until
            // the next `fundus-index update` or `build`.
            if (source.get_metadata(std::string(schema::meta_schema_version)) == "2")
                scan(source, schema::suggest_word, head, word_key, typo, limits_.max_scan, take);
            else
                scan_words(source, head, word_key, typo, limits_.max_scan, take);
        }
        std::vector<Candidate> found;
        std::vector<std::pair<std::string, Xapian::doccount>> list;
        for (const auto& [key, spellings] : forms) {
            list.assign(spellings.begin(), spellings.end());
            found.push_back(word_candidate(key, list, typo));
        }
        keep_most_frequent(found, keep_);
        for (auto& c : found)
            add(std::move(c));
    }

    /// Topics, tags and regions completing `key` (the whole text typed) from any of their words.
    void phrases(std::string_view prefix, Kind kind, const std::string& key, bool typo) {
        const std::string head = typo ? key.substr(0, 2) : key;
        std::vector<Candidate> found;
        scan(db_, prefix, head, key, typo, limits_.max_scan,
             [&](const std::string&, std::string_view, std::string_view display,
                 Xapian::doccount f) {
                 found.push_back(
                     candidate(std::string(display), index::region_key(display), kind, f, typo));
                 return true;
             });
        keep_most_frequent(found, keep_ * 2); // one phrase can come from several of its words
        for (auto& c : found)
            add(std::move(c));
    }

    /// Titles with a word from which they complete `key`; the text is the stored title.
    void titles(const std::string& key, bool typo, std::size_t wanted) {
        const std::string head = typo ? key.substr(0, 2) : key;
        std::vector<std::string> terms;
        scan(db_, schema::suggest_title, head, key, typo, limits_.max_scan,
             [&](const std::string& term, std::string_view, std::string_view, Xapian::doccount) {
                 terms.push_back(term);
                 return terms.size() < wanted;
             });
        for (const auto& term : terms) {
            const auto posting = db_.postlist_begin(term);
            if (posting == db_.postlist_end(term))
                continue;
            const Xapian::Document doc = db_.get_document(*posting);
            const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
            if (!data.is_object())
                continue;
            Candidate c = candidate(data.value("title", std::string()), "", Kind::title,
                                    db_.get_termfreq(term), typo);
            c.key = index::region_key(c.text);
            c.title_start = c.key.starts_with(key);
            c.date = doc.get_value(schema::slot_date);
            if (!c.text.empty())
                add(std::move(c));
        }
    }

    [[nodiscard]] std::size_t count(bool typo) const {
        return static_cast<std::size_t>(std::count_if(
            found_.begin(), found_.end(), [&](const Candidate& c) { return c.typo == typo; }));
    }

    /// The best `size`: exact before typo-tolerant; among exact ones words, topics, tags and
    /// regions by frequency, with up to a third of the places kept for titles.
    std::vector<Suggestion> best(std::size_t size) {
        std::vector<Candidate> others, titles;
        for (auto& c : found_)
            (c.kind == Kind::title ? titles : others).push_back(std::move(c));
        auto by_freq = [](const Candidate& a, const Candidate& b) {
            if (a.typo != b.typo)
                return !a.typo;
            if (a.freq != b.freq)
                return a.freq > b.freq;
            if (a.kind != b.kind)
                return a.kind < b.kind;
            return a.text < b.text;
        };
        auto by_title = [](const Candidate& a, const Candidate& b) {
            if (a.typo != b.typo)
                return !a.typo;
            if (a.title_start != b.title_start)
                return a.title_start;
            return a.date != b.date ? a.date > b.date : a.text < b.text;
        };
        std::sort(others.begin(), others.end(), by_freq);
        std::sort(titles.begin(), titles.end(), by_title);
        const std::size_t title_places =
            std::min(titles.size(), std::max<std::size_t>(1, size / 3));
        const std::size_t other_places =
            std::min(others.size(), size - std::min(size, title_places));
        std::vector<Suggestion> out;
        for (std::size_t i = 0; i < other_places; ++i)
            out.push_back({others[i].text, kind_name(others[i].kind)});
        for (std::size_t i = 0; i < titles.size() && out.size() < size; ++i)
            out.push_back({titles[i].text, kind_name(Kind::title)});
        for (std::size_t i = other_places; i < others.size() && out.size() < size; ++i)
            out.push_back({others[i].text, kind_name(others[i].kind)});
        return out;
    }

private:
    const Xapian::Database& db_;
    const SuggestLimits& limits_;
    std::size_t keep_; ///< candidates kept per scan: enough for `size` after duplicates go
    std::vector<Candidate> found_;
    std::unordered_map<std::string, std::size_t> index_; ///< key -> position in found_

    /// Adds `c` unless the same text is there already: then the exact one, else the topic, region,
    /// tag or title stays (before a word), with the higher frequency of the two.
    void add(Candidate c) {
        if (c.text.empty())
            return;
        const auto [at, fresh] = index_.try_emplace(c.key, found_.size());
        if (!fresh) {
            Candidate& have = found_[at->second];
            const Xapian::doccount freq = std::max(have.freq, c.freq);
            if (c.typo != have.typo ? !c.typo : c.kind < have.kind)
                have = std::move(c);
            have.freq = freq;
            return;
        }
        found_.push_back(std::move(c));
    }
};

} // namespace

bool one_typo_prefix(std::string_view typed, std::string_view word) {
    const std::size_t m = typed.size();
    std::size_t p = 0;
    while (p < m && p < word.size() && typed[p] == word[p])
        ++p;
    if (p == m)
        return false; // an exact prefix
    auto same = [&](std::size_t t_from, std::size_t w_from, std::size_t t_to) {
        const std::size_t n = t_to - t_from;
        return w_from + n <= word.size() && typed.substr(t_from, n) == word.substr(w_from, n);
    };
    if (p < word.size() && same(p + 1, p + 1, m))
        return true; // one letter changed
    if (same(p + 1, p, m))
        return true; // one letter too many
    if (p < word.size() && same(p, p + 1, m))
        return true; // one letter left out
    return p + 1 < m && p + 1 < word.size() && typed[p] == word[p + 1] && typed[p + 1] == word[p] &&
           same(p + 2, p + 2, m); // two neighbours swapped
}

std::vector<Suggestion> merge_searched(std::vector<Suggestion> found,
                                       const std::vector<SearchedQuery>& searched,
                                       std::size_t size) {
    // Each text's spelling key once: it decides both what is the same and what is a duplicate.
    std::vector<std::string> found_keys;
    found_keys.reserve(found.size());
    for (const Suggestion& s : found)
        found_keys.push_back(index::region_key(s.text));
    std::vector<Suggestion> out;
    std::vector<std::string> keys; // of `out`
    auto add = [&](Suggestion s, std::string key) {
        if (out.size() >= size || key.empty() ||
            std::find(keys.begin(), keys.end(), key) != keys.end())
            return;
        keys.push_back(std::move(key));
        out.push_back(std::move(s));
    };
    const std::size_t ahead_max = (size + 1) / 2;
    for (const SearchedQuery& q : searched) {
        if (out.size() >= ahead_max)
            break;
        std::string key = index::region_key(q.query);
        const auto same = std::find(found_keys.begin(), found_keys.end(), key);
        add(same != found_keys.end() ? found[static_cast<std::size_t>(same - found_keys.begin())]
                                     : Suggestion{q.query, "query"},
            std::move(key));
    }
    for (std::size_t i = 0; i < found.size(); ++i)
        add(std::move(found[i]), std::move(found_keys[i]));
    return out;
}

namespace {

std::vector<Suggestion> collect(const Xapian::Database& db,
                                const std::vector<Xapian::Database>& word_sources,
                                std::string_view q, std::size_t size, const SuggestLimits& limits);

} // namespace

std::vector<Suggestion> find_suggestions(const Xapian::Database& db,
                                         const std::vector<Xapian::Database>& word_sources,
                                         std::string_view q, std::size_t size,
                                         const SuggestLimits& limits, SuggestCache* cache,
                                         unsigned epoch) {
    const std::string key = index::region_key(q);
    if (size == 0 || characters(q) < limits.min_chars || key.size() < 2)
        return {}; // too little typed, or only punctuation
    const bool shortest =
        key.size() <= suggest_cache_key_bytes && key.find(' ') == std::string::npos;
    if (cache == nullptr || !shortest)
        return collect(db, word_sources, q, size, limits);
    const std::string cache_key = key + '\n' + std::to_string(size);
    if (auto kept = cache->find(epoch, cache_key))
        return *kept;
    SuggestLimits wide = limits;
    wide.max_scan = limits.max_scan_short;
    auto suggestions = collect(db, word_sources, q, size, wide);
    cache->store(epoch, cache_key, suggestions);
    return suggestions;
}

namespace {

std::vector<Suggestion> collect(const Xapian::Database& db,
                                const std::vector<Xapian::Database>& word_sources,
                                std::string_view q, std::size_t size, const SuggestLimits& limits) {
    const std::string_view last = last_word(q);
    std::string word_key = characters(last) >= limits.min_chars ? index::region_key(last) : "";
    if (word_key.size() < 2)
        word_key.clear();
    std::string phrase_key = index::region_key(q);
    if (phrase_key.size() > schema::suggest_key_bytes)
        phrase_key.resize(schema::suggest_key_bytes);

    Collector found(db, limits, size);
    for (const bool typo : {false, true}) {
        if (typo && found.count(false) >= size)
            break;
        const bool word_typo = typo && characters(last) >= limits.typo_chars;
        const bool phrase_typo = typo && characters(q) >= limits.typo_chars;
        if (!word_key.empty() && (!typo || word_typo))
            found.words(word_sources, word_key, typo);
        if (!typo || phrase_typo) {
            found.phrases(schema::suggest_topic, Kind::topic, phrase_key, typo);
            found.phrases(schema::suggest_region, Kind::region, phrase_key, typo);
            found.phrases(schema::suggest_tag, Kind::tag, phrase_key, typo);
            found.titles(phrase_key, typo, size);
        }
    }
    return found.best(size);
}

} // namespace

} // namespace fundus::searchd
