// What the source readers share (private to fundus_index): validating and emitting a loosely
// typed record, line numbers, and XML files with their source text. Not thread-safe per object.
#pragma once

#include "fundus/index/readers.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fundus::index::detail {

/// Where a record field came from: the line and the name it has in the source (the front-matter
/// key "date", the element "wp:post_date").
struct FieldSource {
    std::size_t line = 0;
    std::string name;
};

/// The source of each record field ("published", "region.state"), so that a problem points at
/// the line that holds the field, under the name the source gives it.
using FieldSources = std::unordered_map<std::string, FieldSource>;

/// Checks that every string in `record` is valid UTF-8, validates it, reports each problem
/// (at the field's own line and name when `sources` knows them) and passes a valid Post to
/// `sink`, located at `where`.
void emit_record(const nlohmann::json& record, const SourceLocation& where,
                 const FieldSources& sources, const PostValidator& validator, RecordSink& sink);

/// `text` with &, <, > escaped, so that plain text can go where the validator expects HTML.
std::string escape_html(std::string_view text);

/// 1-based line numbers of byte offsets in one text.
class LineIndex {
public:
    explicit LineIndex(std::string_view text);
    [[nodiscard]] std::size_t line_of(std::size_t offset) const;

private:
    std::vector<std::size_t> starts_;
};

/// What an XML source is, told by its root element and namespaces.
enum class XmlKind { unknown, wxr, rss, atom };

/// An XML file parsed by pugixml, kept together with its UTF-8 source text so that nodes can be
/// given line numbers and their raw text can be checked.
class XmlFile {
public:
    /// Parses `file`. When it is not well-formed, reports one problem (the file and the line
    /// where parsing failed) through `sink` and returns null. Throws fundus::Error when the file
    /// cannot be read at all.
    static std::unique_ptr<XmlFile> load(const std::filesystem::path& file, RecordSink& sink);

    [[nodiscard]] const std::string& name() const { return name_; }
    [[nodiscard]] pugi::xml_node root() const { return doc_.document_element(); }
    [[nodiscard]] XmlKind kind() const;
    [[nodiscard]] SourceLocation where(pugi::xml_node node) const;

    /// The prefix ("wp") under which the root element declares a namespace whose URI matches;
    /// "" for the default namespace, nothing when none matches.
    [[nodiscard]] std::optional<std::string>
    find_prefix(const std::function<bool(std::string_view)>& uri_matches) const;
    /// find_prefix(), or `fallback` (the prefix the format's documents conventionally use).
    [[nodiscard]] std::string prefix_of(const std::function<bool(std::string_view)>& uri_matches,
                                        std::string_view fallback) const;

    /// Reports (through `problems`) the first reference in the element's own text that XML
    /// does not define, such as the HTML entity "&nbsp;": pugixml keeps those as text, a strict
    /// XML parser rejects the file. CDATA sections are not checked, they contain no references.
    /// Returns false when one was found.
    bool check_references(pugi::xml_node element, const SourceLocation& record,
                          std::vector<RecordProblem>& problems) const;

private:
    XmlFile(std::string name, std::string text);

    std::string name_;
    std::string text_;
    LineIndex lines_;
    pugi::xml_document doc_;
};

/// A record being put together from XML elements, with the line of each field.
class XmlRecord {
public:
    explicit XmlRecord(const XmlFile& xml) : xml_(&xml) {}

    /// Sets `field` ("title", "region.state") to `value` unless it is empty; the field's source
    /// is `element`, named `name` (default: the element's name).
    void set(const std::string& field, pugi::xml_node element, std::string value,
             std::string name = {});
    /// Appends `value` to the list `field` unless it is empty.
    void add(const std::string& field, pugi::xml_node element, std::string value);
    [[nodiscard]] bool has(const std::string& field) const { return record_.contains(field); }

    /// emit_record() of what was set, located at `element` (the item or entry).
    void emit(pugi::xml_node element, const PostValidator& validator, RecordSink& sink) const;

private:
    const XmlFile* xml_;
    nlohmann::json record_ = nlohmann::json::object();
    FieldSources sources_;
};

/// The text of an element: its text and CDATA children, concatenated, trimmed.
std::string xml_text(pugi::xml_node element);

/// "wp" + ":" + "post_id", or just the local name for the default namespace.
std::string qualified(const std::string& prefix, std::string_view local);

/// Reads a parsed WXR file (wxr_reader.cpp).
void read_wxr_file(const XmlFile& xml, const PostValidator& validator, RecordSink& sink);

/// Reads a parsed RSS 2.0 or Atom file (feed_reader.cpp). `format` is rss, atom or feed (either).
void read_feed_file(const XmlFile& xml, SourceFormat format, const PostValidator& validator,
                    RecordSink& sink);

/// The Markdown reader's mapping from Post fields to front-matter keys (markdown_reader.cpp).
class FrontMatterMapping;

/// Loads a mapping file, or the default mapping when `file` is empty. Throws fundus::Error
/// naming the file and line when the mapping is malformed.
std::shared_ptr<const FrontMatterMapping> load_mapping(const std::filesystem::path& file);

/// Reads one Markdown file; `root` is the input directory its id is relative to.
void read_markdown_file(const std::filesystem::path& file, const std::filesystem::path& root,
                        const FrontMatterMapping& mapping, const PostValidator& validator,
                        RecordSink& sink);

} // namespace fundus::index::detail
