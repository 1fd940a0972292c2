#include "feed.h"

#include <pugixml.hpp>

#include <algorithm>
#include <sstream>

namespace fundus::searchd {

namespace {

constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
constexpr const char* tag_authority = "tag:fundus,2026:"; // for things without a URL of their own

/// `text` without the characters XML 1.0 does not allow (C0 controls other than tab, newline and
/// carriage return; U+FFFE, U+FFFF). Input is valid UTF-8 (checked at the API boundary).
std::string xml_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            continue;
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) == 0xBE ||
             static_cast<unsigned char>(text[i + 2]) == 0xBF)) {
            i += 2;
            continue;
        }
        out += text[i];
    }
    return out;
}

/// `s` with every byte for which `keep` is false percent-encoded.
template <typename Keep>
std::string percent_encoded(std::string_view s, Keep keep) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (keep(c)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for tag: URIs.
std::string pct(std::string_view s) {
    return percent_encoded(s, [](unsigned char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~';
    });
}

/// A request's URL as a URI for the feed's id and self link: controls, space, the characters
/// " < > \ ^ ` { | }, DEL and every byte from 0x80 on percent-encoded. The request line and the
/// Host header come from the client as bytes, unchecked for UTF-8.
std::string uri_text(std::string_view url) {
    return percent_encoded(url, [](unsigned char c) {
        return c > 0x20 && c < 0x7F && std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) ==
                                           std::string_view::npos;
    });
}

/// "2021-03-01" -> "2021-03-01T00:00:00Z"; empty when the date is not of that form.
std::string rfc3339(const std::string& date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-')
        return {};
    return date + "T00:00:00Z";
}

bool absolute_url(const std::string& url) {
    return url.starts_with("http://") || url.starts_with("https://");
}

void text_element(pugi::xml_node parent, const char* name, std::string_view text) {
    parent.append_child(name).text().set(xml_text(text).c_str());
}

void category(pugi::xml_node entry, const std::string& scheme, const std::string& term) {
    auto c = entry.append_child("category");
    c.append_attribute("term") = xml_text(term).c_str();
    c.append_attribute("scheme") = (tag_authority + scheme).c_str();
    c.append_attribute("label") = xml_text(term).c_str();
}

/// "Praxisbeispiele · „Rufbus“ · Mobilität · Brandenburg", or "alle Beiträge".
std::string describe(const SearchRequest& r) {
    std::vector<std::string> parts;
    for (const auto& t : r.types)
        parts.push_back(t == "praxisbeispiel" ? "Praxisbeispiele" : "Beiträge");
    if (!r.q.empty())
        parts.push_back("„" + r.q + "“");
    for (const auto* list : {&r.topics, &r.regions, &r.districts, &r.years})
        for (const auto& v : *list)
            parts.push_back(v);
    if (!r.from.empty())
        parts.push_back("ab " + r.from);
    if (!r.to.empty())
        parts.push_back("bis " + r.to);
    if (parts.empty())
        return "alle Beiträge";
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : " · ") + p;
    return out;
}

void add_entry(pugi::xml_node feed, const Hit& hit, const std::string& fallback_updated) {
    auto entry = feed.append_child("entry");
    text_element(entry, "id",
                 absolute_url(hit.url) ? hit.url
                                       : tag_authority + std::string("post:") + pct(hit.id));
    text_element(entry, "title", hit.title);
    if (!hit.url.empty()) {
        auto link = entry.append_child("link");
        link.append_attribute("rel") = "alternate";
        link.append_attribute("type") = "text/html";
        link.append_attribute("href") = xml_text(hit.url).c_str();
    }
    const std::string date = rfc3339(hit.published);
    if (!date.empty())
        text_element(entry, "published", date);
    text_element(entry, "updated", date.empty() ? fallback_updated : date);
    for (const auto& name : hit.authors)
        text_element(entry.append_child("author"), "name", name);
    for (const auto& t : hit.topics)
        category(entry, "topic", t);
    for (const auto& t : hit.tags)
        category(entry, "tag", t);
    if (!hit.type.empty())
        category(entry, "type", hit.type);
    // The snippet is already escaped HTML; the teaser is plain text.
    auto summary = entry.append_child("summary");
    summary.append_attribute("type") = hit.teaser.empty() ? "html" : "text";
    summary.text().set(xml_text(hit.teaser.empty() ? hit.snippet : hit.teaser).c_str());
    if (hit.url.empty()) { // an entry without an alternate link must have content
        auto content = entry.append_child("content");
        content.append_attribute("type") = summary.attribute("type").value();
        content.text().set(summary.text().get());
    }
}

} // namespace

Outcome<SearchRequest> parse_feed_request(const Params& params, const index::Gazetteer& gazetteer) {
    auto parsed = parse_search_request(params, gazetteer);
    if (!parsed.ok())
        return parsed;
    SearchRequest& r = *parsed.value;
    r.sort = SortOrder::date;
    r.facets = false;
    r.spelling = false;
    const bool sized = std::any_of(params.begin(), params.end(), [](const auto& p) {
        return p.first == "size" && !p.second.empty();
    });
    if (!sized)
        r.size = std::min(default_feed_size, max_result_depth / r.page);
    return parsed;
}

std::string render_atom(const SearchRequest& request, const SearchResult& result,
                        const FeedInfo& info) {
    pugi::xml_document doc;
    auto declaration = doc.append_child(pugi::node_declaration);
    declaration.append_attribute("version") = "1.0";
    declaration.append_attribute("encoding") = "utf-8";
    auto feed = doc.append_child("feed");
    feed.append_attribute("xmlns") = atom_ns;
    feed.append_attribute("xml:lang") = "de";
    const std::string self_url = uri_text(info.self_url);
    text_element(feed, "id", self_url);
    text_element(feed, "title", "Fundus: " + describe(request));
    std::string updated;
    for (const auto& hit : result.hits)
        updated = std::max(updated, rfc3339(hit.published));
    text_element(feed, "updated", updated.empty() ? info.fallback_updated : updated);
    auto self = feed.append_child("link");
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/atom+xml";
    self.append_attribute("href") = self_url.c_str();
    text_element(feed.append_child("author"), "name", "Fundus");
    text_element(feed, "generator", "Fundus");
    for (const auto& hit : result.hits)
        add_entry(feed, hit, info.fallback_updated);
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

} // namespace fundus::searchd
