#include "places.h"

#include <algorithm>

namespace fundus::searchd {

namespace {

constexpr std::size_t max_place_words = 4;   // "Neustadt a.d. Waldnaab", "Landkreis Cham"
constexpr std::size_t min_lowercase_key = 3; // shorter names ("by", "he") only in capitals

struct Word {
    std::string text;   ///< without surrounding punctuation
    bool usable = true; ///< not quoted, excluded or in a field
};

bool is_punctuation(char c) {
    return c == ',' || c == ';' || c == '.' || c == '!' || c == '?' || c == '(' || c == ')' ||
           c == '"' || c == '\'';
}

std::vector<Word> words_of(std::string_view q) {
    std::vector<Word> out;
    bool quoted = false;
    std::size_t i = 0;
    while (i < q.size()) {
        while (i < q.size() && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r'))
            ++i;
        const std::size_t start = i;
        while (i < q.size() && q[i] != ' ' && q[i] != '\t' && q[i] != '\n' && q[i] != '\r')
            ++i;
        std::string_view raw = q.substr(start, i - start);
        if (raw.empty())
            break;
        const bool opens = raw.front() == '"' || raw.starts_with("-\"");
        const auto quotes = std::count(raw.begin(), raw.end(), '"');
        Word w;
        w.usable =
            !quoted && quotes == 0 && raw.front() != '-' && raw.find(':') == std::string_view::npos;
        if (quotes % 2 == 1)
            quoted = !quoted;
        else if (opens && quotes == 2)
            w.usable = false; // "one-word phrase"
        while (!raw.empty() && is_punctuation(raw.front()))
            raw.remove_prefix(1);
        while (!raw.empty() && is_punctuation(raw.back()))
            raw.remove_suffix(1);
        w.text = std::string(raw);
        out.push_back(std::move(w));
    }
    return out;
}

bool all_capitals(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

bool contains(const std::vector<std::string>& values, const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
}

} // namespace

std::vector<SuggestedFilter> recognise_places(const SearchRequest& request,
                                              const index::Gazetteer& gazetteer) {
    const std::vector<Word> words = words_of(request.q);
    const std::string land_hint = request.regions.size() == 1 ? request.regions[0] : "";
    std::vector<SuggestedFilter> out;
    auto offer = [&](const std::string& parameter, const std::string& value,
                     const std::string& matched) {
        const auto& chosen = parameter == "region" ? request.regions : request.districts;
        const bool known = std::any_of(out.begin(), out.end(), [&](const SuggestedFilter& f) {
            return f.parameter == parameter && f.value == value;
        });
        if (!contains(chosen, value) && !known)
            out.push_back({parameter, value, matched});
    };
    for (std::size_t i = 0; i < words.size();) {
        std::size_t taken = 0;
        for (std::size_t n = std::min(max_place_words, words.size() - i); n >= 1 && taken == 0;
             --n) {
            std::string text;
            bool usable = true;
            for (std::size_t j = i; j < i + n; ++j) {
                usable = usable && words[j].usable && !words[j].text.empty();
                text += (j > i ? " " : "") + words[j].text;
            }
            if (!usable ||
                (index::region_key(text).size() < min_lowercase_key && !all_capitals(text)))
                continue;
            if (const index::Land* land = gazetteer.find_land(text)) {
                offer("region", land->name, text);
                taken = n;
            } else if (const index::Kreis* kreis = gazetteer.find_kreis(text, land_hint)) {
                offer("district", kreis->name, text);
                taken = n;
            }
        }
        i += taken > 0 ? taken : 1;
    }
    return out;
}

} // namespace fundus::searchd
