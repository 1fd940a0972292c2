#include "fundus/index/readers.h"

#include "reader_support.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

namespace fundus::index {

namespace {

constexpr std::array<std::pair<SourceFormat, std::string_view>, 7> format_names = {{
    {SourceFormat::automatic, "auto"},
    {SourceFormat::jsonl, "jsonl"},
    {SourceFormat::markdown, "markdown"},
    {SourceFormat::wxr, "wxr"},
    {SourceFormat::rss, "rss"},
    {SourceFormat::atom, "atom"},
    {SourceFormat::feed, "feed"},
}};

} // namespace

SourceFormat parse_source_format(std::string_view name) {
    for (const auto& [format, format_name] : format_names)
        if (name == format_name)
            return format;
    throw Error("parse_source_format(): unknown format '" + std::string(name) +
                "' (expected auto, jsonl, markdown, wxr, rss, atom or feed)");
}

std::string_view source_format_name(SourceFormat format) {
    for (const auto& [f, name] : format_names)
        if (f == format)
            return name;
    return "?";
}

void read_jsonl(const std::filesystem::path& file, const PostValidator& validator,
                RecordSink& sink) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("read_jsonl(): cannot read " + file.string());
    std::string line;
    SourceLocation where{file.string(), 0};
    std::vector<RecordProblem> problems;
    while (std::getline(in, line)) {
        ++where.line;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        if (!analyzers::is_valid_utf8(line)) {
            sink.problem({where, "-", "invalid UTF-8", false});
            continue;
        }
        nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
        if (record.is_discarded()) {
            sink.problem({where, "-", "invalid JSON", false});
            continue;
        }
        problems.clear();
        std::optional<Post> post = validator.validate(record, where, problems);
        for (const auto& p : problems)
            sink.problem(p);
        if (post)
            sink.post(std::move(*post), where);
    }
}

// ---- shared by the readers -------------------------------------------------------------------

namespace detail {

namespace {

/// The first field of `record` holding a string that is not UTF-8, or nothing.
std::optional<std::string> field_with_invalid_utf8(const nlohmann::json& value,
                                                   const std::string& field) {
    if (value.is_string())
        return analyzers::is_valid_utf8(value.get_ref<const std::string&>())
                   ? std::nullopt
                   : std::optional<std::string>(field);
    if (value.is_array()) {
        for (const auto& v : value)
            if (auto bad = field_with_invalid_utf8(v, field))
                return bad;
    } else if (value.is_object()) {
        for (const auto& [key, v] : value.items())
            if (auto bad = field_with_invalid_utf8(v, field.empty() ? key : field + "." + key))
                return bad;
    }
    return std::nullopt;
}

/// Moves a problem to the line of its field and names the field as the source does.
void locate(RecordProblem& problem, const FieldSources& sources) {
    auto it = sources.find(problem.field);
    if (it == sources.end())
        if (auto dot = problem.field.find('.'); dot != std::string::npos)
            it = sources.find(problem.field.substr(0, dot));
    if (it == sources.end())
        return;
    if (it->second.line > 0)
        problem.where.line = it->second.line;
    if (!it->second.name.empty())
        problem.field = it->second.name;
}

} // namespace

void emit_record(const nlohmann::json& record, const SourceLocation& where,
                 const FieldSources& sources, const PostValidator& validator, RecordSink& sink) {
    if (auto field = field_with_invalid_utf8(record, {})) {
        RecordProblem problem{where, *field, "invalid UTF-8", false};
        locate(problem, sources);
        sink.problem(problem);
        return;
    }
    std::vector<RecordProblem> problems;
    std::optional<Post> post = validator.validate(record, where, problems);
    for (auto& p : problems) {
        locate(p, sources);
        sink.problem(p);
    }
    if (post)
        sink.post(std::move(*post), where);
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

LineIndex::LineIndex(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n')
            starts_.push_back(i + 1);
}

std::size_t LineIndex::line_of(std::size_t offset) const {
    return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                    starts_.begin());
}

// ---- XML -------------------------------------------------------------------------------------

namespace {

std::string read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("read_source(): cannot read " + file.string());
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

std::string latin1_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (u >> 6));
            out += static_cast<char>(0x80 | (u & 0x3F));
        }
    }
    return out;
}

std::string_view local_name(std::string_view name) {
    auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool is_xml_char(unsigned long c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

/// Whether `ref` (the text from '&' up to and including ';') is a reference XML defines.
bool is_xml_reference(std::string_view ref) {
    constexpr std::array<std::string_view, 5> predefined = {"&lt;", "&gt;", "&amp;", "&apos;",
                                                            "&quot;"};
    if (std::find(predefined.begin(), predefined.end(), ref) != predefined.end())
        return true;
    if (ref.size() < 4 || ref[1] != '#')
        return false;
    const bool hex = ref[2] == 'x';
    const std::string_view digits = ref.substr(hex ? 3 : 2, ref.size() - (hex ? 4 : 3));
    if (digits.empty() || digits.size() > 8)
        return false;
    unsigned long code = 0;
    for (char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return false;
        code = code * (hex ? 16 : 10) + static_cast<unsigned long>(d);
    }
    return is_xml_char(code);
}

bool is_wordpress_uri(std::string_view uri) {
    // "http://wordpress.org/export/1.2/", but not its ".../excerpt/" sibling
    constexpr std::string_view start = "http://wordpress.org/export/";
    return uri.starts_with(start) && !uri.ends_with("excerpt/");
}

} // namespace

XmlFile::XmlFile(std::string name, std::string text)
    : name_(std::move(name)), text_(std::move(text)), lines_(text_) {}

std::unique_ptr<XmlFile> XmlFile::load(const std::filesystem::path& file, RecordSink& sink) {
    std::unique_ptr<XmlFile> xml(new XmlFile(file.string(), read_bytes(file)));
    pugi::xml_parse_result parsed = xml->doc_.load_buffer(xml->text_.data(), xml->text_.size());
    // Line numbers come from offsets into the buffer pugixml parses. It converts a Latin-1 file
    // to UTF-8 first, and its offsets then no longer fit our copy: convert the copy and parse it.
    if (parsed.encoding == pugi::encoding_latin1) {
        xml->text_ = latin1_to_utf8(xml->text_);
        xml->lines_ = LineIndex(xml->text_);
        parsed = xml->doc_.load_buffer(xml->text_.data(), xml->text_.size(), pugi::parse_default,
                                       pugi::encoding_utf8);
    }
    if (!parsed) {
        const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
        sink.problem(
            {{xml->name_, xml->lines_.line_of(offset)},
             "-",
             std::string("not well-formed XML: ") + parsed.description() + "; the file is skipped",
             false});
        return nullptr;
    }
    return xml;
}

XmlKind XmlFile::kind() const {
    const std::string_view root_name = local_name(root().name());
    if (root_name == "rss")
        return find_prefix(is_wordpress_uri) ? XmlKind::wxr : XmlKind::rss;
    if (root_name == "feed" &&
        find_prefix([](std::string_view uri) { return uri == "http://www.w3.org/2005/Atom"; }))
        return XmlKind::atom;
    return XmlKind::unknown;
}

SourceLocation XmlFile::where(pugi::xml_node node) const {
    const std::ptrdiff_t offset = node.offset_debug();
    return {name_, offset < 0 ? 0 : lines_.line_of(static_cast<std::size_t>(offset))};
}

std::optional<std::string>
XmlFile::find_prefix(const std::function<bool(std::string_view)>& uri_matches) const {
    for (pugi::xml_attribute a : root().attributes()) {
        const std::string_view name = a.name();
        if (!uri_matches(a.value()))
            continue;
        if (name == "xmlns")
            return std::string();
        if (name.starts_with("xmlns:"))
            return std::string(name.substr(6));
    }
    return std::nullopt;
}

std::string XmlFile::prefix_of(const std::function<bool(std::string_view)>& uri_matches,
                               std::string_view fallback) const {
    return find_prefix(uri_matches).value_or(std::string(fallback));
}

bool XmlFile::check_references(pugi::xml_node element, const SourceLocation& record,
                               std::vector<RecordProblem>& problems) const {
    for (pugi::xml_node node = element.first_child(); node; node = node.next_sibling()) {
        if (node.type() == pugi::node_element) {
            if (!check_references(node, record, problems))
                return false;
            continue;
        }
        if (node.type() != pugi::node_pcdata || node.offset_debug() < 0)
            continue;
        const auto start = static_cast<std::size_t>(node.offset_debug());
        const std::size_t end = std::min(text_.find('<', start), text_.size());
        for (std::size_t amp = text_.find('&', start); amp < end; amp = text_.find('&', amp + 1)) {
            const std::size_t semi = text_.find(';', amp);
            const std::size_t ref_end = semi < end && semi - amp <= 12 ? semi + 1 : amp + 1;
            const std::string_view ref(text_.data() + amp, ref_end - amp);
            if (ref_end > amp + 1 && is_xml_reference(ref))
                continue;
            SourceLocation at{record.file, lines_.line_of(amp)};
            std::string message = ref.size() > 1
                                      ? "invalid XML entity '" + std::string(ref) +
                                            "' (XML defines only &lt; &gt; &amp; &apos; &quot; and "
                                            "character references)"
                                      : "'&' that starts no entity (write &amp;)";
            problems.push_back({at, element.name(), std::move(message), false});
            return false;
        }
    }
    return true;
}

void XmlRecord::set(const std::string& field, pugi::xml_node element, std::string value,
                    std::string name) {
    if (value.empty())
        return;
    const auto dot = field.find('.');
    nlohmann::json& slot = dot == std::string::npos
                               ? record_[field]
                               : record_[field.substr(0, dot)][field.substr(dot + 1)];
    slot = std::move(value);
    sources_[field] = {xml_->where(element).line, name.empty() ? element.name() : std::move(name)};
}

void XmlRecord::add(const std::string& field, pugi::xml_node element, std::string value) {
    if (value.empty())
        return;
    record_[field].push_back(std::move(value));
    sources_.try_emplace(field, FieldSource{xml_->where(element).line, element.name()});
}

void XmlRecord::emit(pugi::xml_node element, const PostValidator& validator,
                     RecordSink& sink) const {
    emit_record(record_, xml_->where(element), sources_, validator, sink);
}

std::string xml_text(pugi::xml_node element) {
    std::string out;
    for (pugi::xml_node node = element.first_child(); node; node = node.next_sibling())
        if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata)
            out += node.value();
    const auto first = out.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = out.find_last_not_of(" \t\r\n");
    return out.substr(first, last - first + 1);
}

std::string qualified(const std::string& prefix, std::string_view local) {
    return prefix.empty() ? std::string(local) : prefix + ":" + std::string(local);
}

} // namespace detail

void read_wxr(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink) {
    if (auto xml = detail::XmlFile::load(file, sink))
        detail::read_wxr_file(*xml, validator, sink);
}

void read_feed(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink,
               SourceFormat format) {
    if (auto xml = detail::XmlFile::load(file, sink))
        detail::read_feed_file(*xml, format, validator, sink);
}

// ---- telling formats apart -------------------------------------------------------------------

namespace {

enum class FileKind { jsonl, markdown, xml, other };

FileKind kind_by_extension(const std::filesystem::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".jsonl" || ext == ".ndjson")
        return FileKind::jsonl;
    if (ext == ".md" || ext == ".markdown" || ext == ".mdown")
        return FileKind::markdown;
    if (ext == ".xml" || ext == ".rss" || ext == ".atom" || ext == ".wxr")
        return FileKind::xml;
    return FileKind::other;
}

/// The kind of a file told by its first bytes: '<' XML, '{' JSON Lines, "---" front matter.
FileKind kind_by_content(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(512, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    std::string_view h = head;
    if (h.starts_with("\xEF\xBB\xBF"))
        h.remove_prefix(3);
    if (h.starts_with("---"))
        return FileKind::markdown;
    const auto first = h.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && h[first] == '<')
        return FileKind::xml;
    if (first != std::string_view::npos && h[first] == '{')
        return FileKind::jsonl;
    return FileKind::other;
}

FileKind kind_of_format(SourceFormat format) {
    switch (format) {
    case SourceFormat::jsonl:
        return FileKind::jsonl;
    case SourceFormat::markdown:
        return FileKind::markdown;
    case SourceFormat::automatic:
        return FileKind::other;
    default:
        return FileKind::xml;
    }
}

/// Reads sources of several formats, loading the front-matter mapping once.
class SourceReader {
public:
    SourceReader(SourceFormat format, const PostValidator& validator, RecordSink& sink,
                 const std::filesystem::path& mapping_file)
        : format_(format), validator_(validator), sink_(sink) {
        if (!mapping_file.empty())
            mapping_ = detail::load_mapping(mapping_file); // a bad mapping fails before reading
    }

    void read_file(const std::filesystem::path& file, FileKind kind,
                   const std::filesystem::path& root, bool in_directory) {
        switch (kind) {
        case FileKind::jsonl:
            read_jsonl(file, validator_, sink_);
            break;
        case FileKind::markdown:
            detail::read_markdown_file(file, root, mapping(), validator_, sink_);
            break;
        case FileKind::xml:
            read_xml(file, in_directory);
            break;
        case FileKind::other:
            throw Error("read_source(): cannot tell the format of " + file.string() +
                        " (use --format jsonl, markdown, wxr, rss, atom or feed)");
        }
    }

private:
    const detail::FrontMatterMapping& mapping() {
        if (!mapping_)
            mapping_ = detail::load_mapping({});
        return *mapping_;
    }

    void read_xml(const std::filesystem::path& file, bool in_directory) {
        auto xml = detail::XmlFile::load(file, sink_);
        if (!xml)
            return;
        SourceFormat format = format_;
        if (format == SourceFormat::automatic) {
            switch (xml->kind()) {
            case detail::XmlKind::wxr:
                format = SourceFormat::wxr;
                break;
            case detail::XmlKind::rss:
                format = SourceFormat::rss;
                break;
            case detail::XmlKind::atom:
                format = SourceFormat::atom;
                break;
            case detail::XmlKind::unknown:
                // In a directory a stray XML file (a sitemap) is no reason to stop the build.
                sink_.problem({xml->where(xml->root()), "-",
                               "neither a WordPress export nor an RSS 2.0 or Atom feed (root <" +
                                   std::string(xml->root().name()) + ">); the file is skipped",
                               in_directory});
                return;
            }
        }
        if (format == SourceFormat::wxr)
            detail::read_wxr_file(*xml, validator_, sink_);
        else
            detail::read_feed_file(*xml, format, validator_, sink_);
    }

    SourceFormat format_;
    const PostValidator& validator_;
    RecordSink& sink_;
    std::shared_ptr<const detail::FrontMatterMapping> mapping_;
};

bool skipped_in_directory(const std::filesystem::directory_entry& entry) {
    const std::string name = entry.path().filename().string();
    // hidden files and directories (.git), Jekyll's unpublished posts, Hugo's list pages
    return name.starts_with(".") || name == "_drafts" || name == "_index.md";
}

/// The files of directory `dir` that `format` reads, with their kinds, in path order.
std::vector<std::pair<std::filesystem::path, FileKind>> files_in(const std::filesystem::path& dir,
                                                                 SourceFormat format) {
    std::vector<std::pair<std::filesystem::path, FileKind>> files;
    try {
        for (auto it = std::filesystem::recursive_directory_iterator(dir);
             it != std::filesystem::recursive_directory_iterator(); ++it) {
            if (skipped_in_directory(*it)) {
                if (it->is_directory())
                    it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file())
                continue;
            const FileKind by_extension = kind_by_extension(it->path());
            if (format == SourceFormat::jsonl)
                files.emplace_back(it->path(), FileKind::jsonl); // any name, as before
            else if (by_extension != FileKind::other &&
                     (format == SourceFormat::automatic || by_extension == kind_of_format(format)))
                files.emplace_back(it->path(), by_extension);
        }
    } catch (const std::filesystem::filesystem_error& e) {
        throw Error("read_source(): cannot list " + dir.string() + ": " + e.code().message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace

void read_markdown(const std::filesystem::path& path, const PostValidator& validator,
                   RecordSink& sink, const std::filesystem::path& mapping) {
    read_source(path, SourceFormat::markdown, validator, sink, mapping);
}

void read_source(const std::filesystem::path& path, SourceFormat format,
                 const PostValidator& validator, RecordSink& sink,
                 const std::filesystem::path& mapping) {
    if (!std::filesystem::exists(path))
        throw Error("read_source(): no such file or directory: " + path.string());
    SourceReader reader(format, validator, sink, mapping);
    if (!std::filesystem::is_directory(path)) {
        FileKind kind = kind_of_format(format);
        if (format == SourceFormat::automatic)
            kind = kind_by_extension(path);
        if (kind == FileKind::other)
            kind = kind_by_content(path);
        reader.read_file(path, kind, path.parent_path(), false);
        return;
    }
    const auto files = files_in(path, format);
    if (files.empty())
        throw Error("read_source(): " + path.string() + " contains no supported files (" +
                    (format == SourceFormat::automatic ? std::string(".jsonl, .md, .xml")
                                                       : std::string(source_format_name(format))) +
                    ")");
    for (const auto& [file, kind] : files)
        reader.read_file(file, kind, path, true);
}

} // namespace fundus::index
