// The WordPress export (WXR) reader: an RSS 2.0 document whose items carry WordPress's own
// elements (wp:post_type, wp:status, wp:postmeta, ...). Published posts and pages only.
#include "reader_support.h"

#include <array>
#include <unordered_map>

namespace fundus::index::detail {

namespace {

/// The qualified element names of one export, from the namespaces its root declares. Kept as
/// strings because pugixml's children(name) ranges only point at the name.
struct WxrNames {
    explicit WxrNames(const XmlFile& xml) {
        const std::string wp = xml.prefix_of(
            [](std::string_view uri) {
                return uri.starts_with("http://wordpress.org/export/") &&
                       !uri.ends_with("excerpt/");
            },
            "wp");
        const std::string excerpt = xml.prefix_of(
            [](std::string_view uri) {
                return uri.starts_with("http://wordpress.org/export/") && uri.ends_with("excerpt/");
            },
            "excerpt");
        const std::string content = xml.prefix_of(
            [](std::string_view uri) { return uri == "http://purl.org/rss/1.0/modules/content/"; },
            "content");
        const std::string dc = xml.prefix_of(
            [](std::string_view uri) { return uri == "http://purl.org/dc/elements/1.1/"; }, "dc");
        author = qualified(wp, "author");
        author_login = qualified(wp, "author_login");
        author_display_name = qualified(wp, "author_display_name");
        post_id = qualified(wp, "post_id");
        post_type = qualified(wp, "post_type");
        post_date = qualified(wp, "post_date");
        post_password = qualified(wp, "post_password");
        status = qualified(wp, "status");
        postmeta = qualified(wp, "postmeta");
        meta_key = qualified(wp, "meta_key");
        meta_value = qualified(wp, "meta_value");
        content_encoded = qualified(content, "encoded");
        excerpt_encoded = qualified(excerpt, "encoded");
        creator = qualified(dc, "creator");
    }

    std::string author, author_login, author_display_name, post_id, post_type, post_date,
        post_password, status, postmeta, meta_key, meta_value, content_encoded, excerpt_encoded,
        creator;
};

/// Custom fields (wp:postmeta) Fundus reads, and the record fields they fill.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> custom_fields = {{
    {"region_state", "region.state"},
    {"region_district", "region.district"},
    {"region_municipality", "region.municipality"},
    {"fundus_type", "type"},
}};

bool is_block_start(std::string_view chunk) {
    constexpr std::array<std::string_view, 14> blocks = {
        "<h1", "<h2",    "<h3",         "<h4",  "<h5",     "<h6",  "<ul",
        "<ol", "<table", "<blockquote", "<div", "<figure", "<pre", "<!--"};
    for (auto b : blocks)
        if (chunk.starts_with(b))
            return true;
    return false;
}

/// WordPress stores classic-editor posts without <p>: it adds them when it shows a post
/// (wpautop). Do the same for blank-line separated paragraphs so they stay blocks of text.
std::string add_paragraphs(const std::string& html) {
    if (html.find("<p") != std::string::npos || html.find("<!-- wp:") != std::string::npos)
        return html;
    std::string out;
    std::size_t start = 0;
    while (start < html.size()) {
        std::size_t end = html.find("\n\n", start);
        if (end == std::string::npos)
            end = html.size();
        std::string_view chunk(html.data() + start, end - start);
        const auto first = chunk.find_first_not_of(" \t\r\n");
        if (first != std::string_view::npos) {
            chunk.remove_prefix(first);
            if (is_block_start(chunk))
                out.append(chunk).append("\n");
            else
                out.append("<p>").append(chunk).append("</p>\n");
        }
        start = end + 2;
    }
    return out;
}

/// author login -> display name, from the export's wp:author entries.
std::unordered_map<std::string, std::string> author_names(pugi::xml_node channel,
                                                          const WxrNames& n) {
    std::unordered_map<std::string, std::string> names;
    for (pugi::xml_node a : channel.children(n.author.c_str())) {
        std::string login = xml_text(a.child(n.author_login.c_str()));
        std::string display = xml_text(a.child(n.author_display_name.c_str()));
        if (!login.empty() && !display.empty())
            names.emplace(std::move(login), std::move(display));
    }
    return names;
}

bool is_indexed(pugi::xml_node item, const WxrNames& n) {
    const std::string type = xml_text(item.child(n.post_type.c_str()));
    if (type != "post" && type != "page")
        return false; // attachments, menu items, revisions, blocks
    if (xml_text(item.child(n.status.c_str())) != "publish")
        return false; // drafts, pending, private, future, trash
    return xml_text(item.child(n.post_password.c_str())).empty();
}

void read_item(const XmlFile& xml, pugi::xml_node item, const WxrNames& n,
               const std::unordered_map<std::string, std::string>& authors,
               const PostValidator& validator, RecordSink& sink) {
    std::vector<RecordProblem> problems;
    if (!xml.check_references(item, xml.where(item), problems)) {
        sink.problem(problems.front());
        return;
    }
    XmlRecord r(xml);
    auto field = [&](const std::string& name) { return item.child(name.c_str()); };

    pugi::xml_node id = field(n.post_id);
    r.set("id", id, xml_text(id));
    if (!r.has("id"))
        r.set("id", field("guid"), xml_text(field("guid")));
    r.set("url", field("link"), xml_text(field("link")));
    r.set("title", field("title"), xml_text(field("title")));
    pugi::xml_node body = field(n.content_encoded);
    r.set("body", body, add_paragraphs(xml_text(body)));
    pugi::xml_node excerpt = field(n.excerpt_encoded);
    r.set("teaser", excerpt, xml_text(excerpt));
    for (pugi::xml_node creator : item.children(n.creator.c_str())) {
        std::string login = xml_text(creator);
        auto it = authors.find(login);
        r.add("authors", creator, it == authors.end() ? login : it->second);
    }
    pugi::xml_node date = field(n.post_date);
    std::string date_text = xml_text(date);
    if (date_text.empty() || date_text.starts_with("0000-00-00")) {
        date = field("pubDate");
        date_text = xml_text(date);
    }
    r.set("published", date, std::move(date_text));
    for (pugi::xml_node category : item.children("category")) {
        const std::string_view domain = category.attribute("domain").value();
        if (domain == "category")
            r.add("topics", category, xml_text(category));
        else if (domain == "post_tag")
            r.add("tags", category, xml_text(category));
    }
    for (pugi::xml_node meta : item.children(n.postmeta.c_str())) {
        const std::string key = xml_text(meta.child(n.meta_key.c_str()));
        const pugi::xml_node value = meta.child(n.meta_value.c_str());
        for (const auto& [custom, record_field] : custom_fields)
            if (key == custom)
                r.set(std::string(record_field), value, xml_text(value), key);
    }
    r.emit(item, validator, sink);
}

} // namespace

void read_wxr_file(const XmlFile& xml, const PostValidator& validator, RecordSink& sink) {
    if (xml.kind() != XmlKind::wxr) {
        sink.problem({xml.where(xml.root()), "-",
                      "not a WordPress export (WXR): no WordPress export namespace on <" +
                          std::string(xml.root().name()) + ">; the file is skipped",
                      false});
        return;
    }
    const WxrNames names(xml);
    const pugi::xml_node channel = xml.root().child("channel");
    const auto authors = author_names(channel, names);
    for (pugi::xml_node item : channel.children("item"))
        if (is_indexed(item, names))
            read_item(xml, item, names, authors, validator, sink);
}

} // namespace fundus::index::detail
