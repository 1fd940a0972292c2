#include "fundus/searchd/snippet.h"

#include "fundus/text.h"

#include <algorithm>
#include <set>

namespace fundus::searchd {

namespace {

constexpr std::string_view ellipsis = "…";
constexpr std::uint32_t lead_in_bytes = 40; // context shown before the first match
/// Texts longer than this are not analysed whole: only this much around the first place where a
/// highlight term appears (a long law or report would otherwise cost its whole analysis per hit).
constexpr std::size_t max_analysed_bytes = 16 * 1024;

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

/// Index of the first word that starts at or after byte `offset`.
std::size_t token_at(const std::vector<analyzers::WordMatch>& tokens, std::uint32_t offset) {
    return static_cast<std::size_t>(
        std::lower_bound(
            tokens.begin(), tokens.end(), offset,
            [](const analyzers::WordMatch& t, std::uint32_t o) { return t.start < o; }) -
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

namespace {

/// `text` with ASCII and Latin-1 capitals in lower case, byte for byte (same offsets).
std::string lower_same_length(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z')
            out[i] = static_cast<char>(c - 'A' + 'a');
        else if (c == 0xC3 && i + 1 < out.size()) {
            const auto second = static_cast<unsigned char>(out[i + 1]);
            if (second >= 0x80 && second <= 0x9E && second != 0x97) // À-Þ (not ×) -> à-þ
                out[i + 1] = static_cast<char>(second + 0x20);
        }
    }
    return out;
}

/// The part of a long `text` to analyse for its snippet: max_analysed_bytes from a little before
/// the first occurrence of any highlight term as a substring (stems are mostly word prefixes; the
/// analyzer decides what really matches), or from the start. Cut at white space.
std::pair<std::size_t, std::size_t> analysed_range(std::string_view text,
                                                   const std::vector<std::string>& highlight_terms) {
    const std::string lowered = lower_same_length(text);
    std::size_t first = std::string::npos;
    for (const auto& term : highlight_terms)
        if (!term.empty())
            first = std::min(first, lowered.find(term));
    std::size_t begin = first == std::string::npos || first < 2 * lead_in_bytes ? 0 : first - 2 * lead_in_bytes;
    if (begin > 0) {
        const auto space = text.find_first_of(" \t\n\r", begin);
        begin = space == std::string_view::npos || space >= first ? first : space + 1;
    }
    std::size_t end = std::min(text.size(), begin + max_analysed_bytes);
    if (end < text.size()) {
        const auto space = text.find_last_of(" \t\n\r", end);
        if (space != std::string_view::npos && space > begin)
            end = space;
    }
    return {begin, end};
}

} // namespace

std::string make_snippet(analyzers::GermanAnalyzer& analyzer, std::string_view text,
                         const std::vector<std::string>& highlight_terms, std::size_t max_bytes) {
    if (text.size() > max_analysed_bytes) {
        const auto [begin, end] = analysed_range(text, highlight_terms);
        std::string out = make_snippet(analyzer, text.substr(begin, end - begin), highlight_terms, max_bytes);
        if (begin > 0 && !out.starts_with(ellipsis))
            out.insert(0, ellipsis);
        if (end < text.size() && !out.ends_with(ellipsis))
            out += ellipsis;
        return out;
    }
    // Each word with the highlight term it matches (null: none).
    const std::vector<analyzers::WordMatch> tokens = analyzer.match(text, highlight_terms);
    auto matched = [&](std::size_t i) { return tokens[i].term; };

    // The window [first, last] of tokens fitting max_bytes with the best score.
    std::size_t best_first = 0, best_last = 0;
    long best_score = -1;
    for (std::size_t first = 0; first < tokens.size(); ++first) {
        if (matched(first) == nullptr)
            continue;
        std::set<const std::string*> distinct;
        long hits = 0;
        std::size_t last = first;
        for (std::size_t i = first; i < tokens.size() && tokens[i].end - tokens[first].start <= max_bytes; ++i) {
            last = i;
            if (matched(i) != nullptr) {
                distinct.insert(matched(i));
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
        if (matched(i) == nullptr)
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
