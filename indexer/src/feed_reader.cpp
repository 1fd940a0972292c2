// The feed reader: RSS 2.0 items and Atom (RFC 4287) entries become records.
#include "reader_support.h"

#include <sstream>

namespace fundus::index::detail {

namespace {

constexpr std::string_view atom_uri = "http://www.w3.org/2005/Atom";

std::string prefix_for(const XmlFile& xml, std::string_view uri, std::string_view fallback) {
    return xml.prefix_of([uri](std::string_view u) { return u == uri; }, fallback);
}

/// "jane@example.org (Jane Doe)" -> "Jane Doe": RSS wants an e-mail address, people want a name.
std::string rss_author_name(const std::string& author) {
    const auto open = author.find('(');
    const auto close = author.rfind(')');
    if (open != std::string::npos && close != std::string::npos && close > open + 1)
        return author.substr(open + 1, close - open - 1);
    return author;
}

/// Qualified names, kept as strings: pugixml's children(name) ranges only point at the name.
struct RssNames {
    explicit RssNames(const XmlFile& xml)
        : encoded(qualified(prefix_for(xml, "http://purl.org/rss/1.0/modules/content/", "content"),
                            "encoded")),
          creator(qualified(prefix_for(xml, "http://purl.org/dc/elements/1.1/", "dc"), "creator")),
          date(qualified(prefix_for(xml, "http://purl.org/dc/elements/1.1/", "dc"), "date")) {}

    std::string encoded, creator, date;
};

void read_rss_item(const XmlFile& xml, pugi::xml_node item, const RssNames& n,
                   const PostValidator& validator, RecordSink& sink) {
    std::vector<RecordProblem> problems;
    if (!xml.check_references(item, xml.where(item), problems)) {
        sink.problem(problems.front());
        return;
    }
    XmlRecord r(xml);
    const pugi::xml_node guid = item.child("guid");
    const pugi::xml_node link = item.child("link");
    r.set("id", guid, xml_text(guid));
    if (!r.has("id"))
        r.set("id", link, xml_text(link));
    r.set("url", link, xml_text(link));
    if (!r.has("url") && std::string_view(guid.attribute("isPermaLink").value()) != "false")
        r.set("url", guid, xml_text(guid));
    r.set("title", item.child("title"), xml_text(item.child("title")));
    const pugi::xml_node encoded = item.child(n.encoded.c_str());
    const pugi::xml_node description = item.child("description");
    if (!xml_text(encoded).empty()) {
        r.set("body", encoded, xml_text(encoded));
        r.set("teaser", description, xml_text(description));
    } else {
        r.set("body", description, xml_text(description));
    }
    for (pugi::xml_node creator : item.children(n.creator.c_str()))
        r.add("authors", creator, xml_text(creator));
    if (!r.has("authors"))
        for (pugi::xml_node author : item.children("author"))
            r.add("authors", author, rss_author_name(xml_text(author)));
    pugi::xml_node date = item.child("pubDate");
    if (xml_text(date).empty())
        date = item.child(n.date.c_str());
    r.set("published", date, xml_text(date));
    for (pugi::xml_node category : item.children("category"))
        r.add("topics", category, xml_text(category));
    r.emit(item, validator, sink);
}

void read_rss(const XmlFile& xml, const PostValidator& validator, RecordSink& sink) {
    const RssNames names(xml);
    for (pugi::xml_node item : xml.root().child("channel").children("item"))
        read_rss_item(xml, item, names, validator, sink);
}

/// An Atom text construct as HTML: type "text" (the default) is escaped, "html" is HTML already,
/// "xhtml" is the markup inside its <div>.
std::string atom_html(pugi::xml_node element) {
    const std::string_view type = element.attribute("type").value();
    if (type == "xhtml") {
        std::ostringstream out;
        pugi::xml_node div =
            element.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
        for (pugi::xml_node child = div.first_child(); child; child = child.next_sibling())
            child.print(out, "", pugi::format_raw);
        return out.str();
    }
    if (type == "html" || type == "text/html")
        return xml_text(element);
    return escape_html(xml_text(element));
}

/// The same as plain text, for the title, which the validator takes as it is.
std::string atom_text(pugi::xml_node element) {
    const std::string_view type = element.attribute("type").value();
    if (type == "html" || type == "xhtml")
        return html_to_text(atom_html(element));
    return xml_text(element);
}

/// Qualified names, kept as strings: pugixml's children(name) ranges only point at the name.
struct AtomNames {
    explicit AtomNames(const std::string& prefix)
        : entry(qualified(prefix, "entry")), id(qualified(prefix, "id")),
          title(qualified(prefix, "title")), link(qualified(prefix, "link")),
          content(qualified(prefix, "content")), summary(qualified(prefix, "summary")),
          author(qualified(prefix, "author")), name(qualified(prefix, "name")),
          published(qualified(prefix, "published")), updated(qualified(prefix, "updated")),
          category(qualified(prefix, "category")) {}

    std::string entry, id, title, link, content, summary, author, name, published, updated,
        category;
};

pugi::xml_node alternate_link(pugi::xml_node entry, const AtomNames& a) {
    for (pugi::xml_node link : entry.children(a.link.c_str())) {
        const std::string_view rel = link.attribute("rel").value();
        if (rel.empty() || rel == "alternate")
            return link;
    }
    return {};
}

void add_atom_authors(XmlRecord& r, pugi::xml_node parent, const AtomNames& a) {
    for (pugi::xml_node author : parent.children(a.author.c_str())) {
        const pugi::xml_node name = author.child(a.name.c_str());
        r.add("authors", name, xml_text(name));
    }
}

void read_atom_entry(const XmlFile& xml, pugi::xml_node entry, const AtomNames& a,
                     const PostValidator& validator, RecordSink& sink) {
    std::vector<RecordProblem> problems;
    if (!xml.check_references(entry, xml.where(entry), problems)) {
        sink.problem(problems.front());
        return;
    }
    XmlRecord r(xml);
    r.set("id", entry.child(a.id.c_str()), xml_text(entry.child(a.id.c_str())));
    const pugi::xml_node link = alternate_link(entry, a);
    r.set("url", link, link.attribute("href").value());
    r.set("title", entry.child(a.title.c_str()), atom_text(entry.child(a.title.c_str())));
    const pugi::xml_node content = entry.child(a.content.c_str());
    const pugi::xml_node summary = entry.child(a.summary.c_str());
    if (content && !content.attribute("src")) {
        r.set("body", content, atom_html(content));
        r.set("teaser", summary, atom_html(summary));
    } else {
        r.set("body", summary, atom_html(summary));
    }
    add_atom_authors(r, entry, a);
    if (!r.has("authors"))
        add_atom_authors(r, xml.root(), a); // the feed's authors are the entry's by default
    pugi::xml_node date = entry.child(a.published.c_str());
    if (xml_text(date).empty())
        date = entry.child(a.updated.c_str());
    r.set("published", date, xml_text(date));
    for (pugi::xml_node category : entry.children(a.category.c_str())) {
        std::string label = category.attribute("label").value();
        r.add("topics", category, label.empty() ? category.attribute("term").value() : label);
    }
    r.emit(entry, validator, sink);
}

void read_atom(const XmlFile& xml, const PostValidator& validator, RecordSink& sink) {
    const AtomNames names(prefix_for(xml, atom_uri, ""));
    for (pugi::xml_node entry : xml.root().children(names.entry.c_str()))
        read_atom_entry(xml, entry, names, validator, sink);
}

const char* kind_name(XmlKind kind) {
    switch (kind) {
    case XmlKind::wxr:
        return "a WordPress export";
    case XmlKind::rss:
        return "an RSS 2.0 feed";
    case XmlKind::atom:
        return "an Atom feed";
    case XmlKind::unknown:
        break;
    }
    return "neither RSS 2.0 nor Atom";
}

} // namespace

void read_feed_file(const XmlFile& xml, SourceFormat format, const PostValidator& validator,
                    RecordSink& sink) {
    const XmlKind kind = xml.kind();
    // A WordPress export is an RSS document too; read as a feed it loses only the extras.
    const bool is_rss = kind == XmlKind::rss || kind == XmlKind::wxr;
    const bool wanted = format == SourceFormat::rss    ? is_rss
                        : format == SourceFormat::atom ? kind == XmlKind::atom
                                                       : is_rss || kind == XmlKind::atom;
    if (!wanted) {
        const std::string expected = format == SourceFormat::rss    ? "an RSS 2.0 feed"
                                     : format == SourceFormat::atom ? "an Atom feed"
                                                                    : "an RSS 2.0 or Atom feed";
        sink.problem({xml.where(xml.root()), "-",
                      "expected " + expected + ", but <" + std::string(xml.root().name()) +
                          "> is " + kind_name(kind) + "; the file is skipped",
                      false});
        return;
    }
    if (kind == XmlKind::atom)
        read_atom(xml, validator, sink);
    else
        read_rss(xml, validator, sink);
}

} // namespace fundus::index::detail
