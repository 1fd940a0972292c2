#include "fundus/searchd/snippet.h"

#include "fundus/text.h"

#include <algorithm>
#include <set>

namespace fundus::searchd {

namespace {

constexpr std::string_view ellipsis = "…";
constexpr std::uint32_t lead_in_bytes = 40; // context shown before the first match

/// Appends escaped text, folding every run of white space into one space.
void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        if (is_ascii_space(c)) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
            continue;
        }
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

/// Index of the first token that starts at or after byte `offset`.
std::size_t token_at(const std::vector<analyzers::Token>& tokens, std::uint32_t offset) {
    return static_cast<std::size_t>(
        std::lower_bound(tokens.begin(), tokens.end(), offset,
                         [](const analyzers::Token& t, std::uint32_t o) { return t.start < o; }) -
        tokens.begin());
}

} // namespace

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string make_snippet(analyzers::GermanAnalyzer& analyzer, std::string_view text,
                         const std::vector<std::string>& highlight_terms, std::size_t max_bytes) {
    const auto tokens = analyzer.analyze(text);
    // For each token, the matched query term (empty when none).
    std::vector<const std::string*> matched(tokens.size(), nullptr);
    auto find_term = [&](const std::string& term) -> const std::string* {
        auto it = std::lower_bound(highlight_terms.begin(), highlight_terms.end(), term);
        return it != highlight_terms.end() && *it == term ? &*it : nullptr;
    };
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        matched[i] = find_term(tokens[i].term);
        for (std::size_t v = 0; matched[i] == nullptr && v < tokens[i].variants.size(); ++v)
            matched[i] = find_term(tokens[i].variants[v]);
    }

    // The window [first, last] of tokens fitting max_bytes with the best score.
    std::size_t best_first = 0, best_last = 0;
    long best_score = -1;
    for (std::size_t first = 0; first < tokens.size(); ++first) {
        if (matched[first] == nullptr)
            continue;
        std::set<const std::string*> distinct;
        long hits = 0;
        std::size_t last = first;
        for (std::size_t i = first; i < tokens.size() && tokens[i].end - tokens[first].start <= max_bytes; ++i) {
            last = i;
            if (matched[i] != nullptr) {
                distinct.insert(matched[i]);
                ++hits;
            }
        }
        const long score = static_cast<long>(distinct.size()) * 100 + hits;
        if (score > best_score) {
            best_score = score;
            best_first = first;
            best_last = last;
        }
    }

    std::uint32_t start = 0;
    std::uint32_t end = 0;
    if (best_score < 0) { // no match: the beginning of the text
        if (tokens.empty())
            return html_escape(text.substr(0, std::min(text.size(), max_bytes)));
        std::size_t last = 0;
        while (last + 1 < tokens.size() && tokens[last + 1].end <= max_bytes)
            ++last;
        end = tokens[last].end;
    } else {
        // Lead in with some context before the first match, then fill up to max_bytes.
        const std::uint32_t first_start = tokens[best_first].start;
        const std::size_t lead = token_at(tokens, first_start > lead_in_bytes ? first_start - lead_in_bytes : 0);
        start = tokens[std::min(lead, best_first)].start;
        if (start <= lead_in_bytes)
            start = 0;
        std::size_t last = best_last;
        while (last + 1 < tokens.size() && tokens[last + 1].end - start <= max_bytes)
            ++last;
        end = tokens[last].end;
    }
    // Keep sentence punctuation right after the last word.
    while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?'))
        ++end;

    std::string out;
    if (start > 0)
        out += ellipsis;
    std::uint32_t at = start;
    for (std::size_t i = token_at(tokens, start); i < tokens.size() && tokens[i].end <= end; ++i) {
        if (matched[i] == nullptr)
            continue;
        append_escaped(out, text.substr(at, tokens[i].start - at));
        out += "<mark>";
        append_escaped(out, text.substr(tokens[i].start, tokens[i].end - tokens[i].start));
        out += "</mark>";
        at = tokens[i].end;
    }
    append_escaped(out, text.substr(at, end - at));
    if (end < text.size())
        out += ellipsis;
    return out;
}

} // namespace fundus::searchd
