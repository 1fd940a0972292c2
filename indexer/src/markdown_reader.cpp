// The Markdown reader: one file, one post; YAML front matter (yaml-cpp) holds the fields, the
// Markdown body is rendered to HTML by cmark. Which key holds which field is a mapping.
#include "reader_support.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"
#include "fundus/index/gazetteer.h"
#include "fundus/text.h"

#include <cmark.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace fundus::index::detail {

namespace {

using nlohmann::json;

/// The Post fields a mapping may name, with the front-matter keys tried when it does not.
const std::vector<std::pair<std::string, std::vector<std::string>>>& default_keys() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> keys = {
        {"id", {"id", "slug"}},
        {"url", {"url", "permalink"}},
        {"title", {"title"}},
        {"date", {"date", "publishDate", "pubDate"}},
        {"authors", {"authors", "author"}},
        {"teaser", {"description", "excerpt", "subtitle", "summary"}},
        {"topics", {"topics", "topic", "categories"}},
        {"tags", {"tags"}},
        {"type", {"type"}},
        {"region", {"region"}},
        {"region.state", {"bundesland"}},
        {"region.district", {"landkreis", "kreis"}},
        {"region.municipality", {"gemeinde", "kommune"}},
        {"draft", {"draft"}},
    };
    return keys;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

class FrontMatterMapping {
public:
    std::map<std::string, std::vector<std::string>> keys;
    /// Post field -> region_key(front-matter value) -> the value Fundus stores
    std::map<std::string, std::map<std::string, std::string>> values;
    std::string region_lookup_key;
    /// region_key(front-matter value) -> {state, district, municipality}
    std::map<std::string, json> regions;
    std::string url_template;
    bool url_lowercase = false;
    /// Whether the mapping names the type key: then its values must be Fundus types, while a
    /// default `type` (a layout name in Hugo) is taken only when it is one.
    bool type_named = false;
};

namespace {

// ---- the mapping file ------------------------------------------------------------------------

class MappingLoader {
public:
    explicit MappingLoader(std::filesystem::path file) : file_(std::move(file)) {}

    FrontMatterMapping load() {
        FrontMatterMapping m;
        for (const auto& [field, keys] : default_keys())
            m.keys[field] = keys;
        YAML::Node root;
        try {
            root = YAML::LoadFile(file_.string());
        } catch (const YAML::BadFile&) {
            throw Error("read_markdown(): cannot read mapping " + file_.string());
        } catch (const YAML::Exception& e) {
            fail(e.mark, "not valid YAML or JSON: " + e.msg);
        }
        if (!root.IsMap())
            fail(root.Mark(), "must be a mapping with fields, values, region_lookup, "
                              "url_template, url_lowercase");
        for (const auto& entry : root) {
            const std::string key = entry.first.Scalar();
            const YAML::Node& value = entry.second;
            if (key == "fields")
                load_fields(value, m);
            else if (key == "values")
                load_values(value, m);
            else if (key == "region_lookup")
                load_region_lookup(value, m);
            else if (key == "url_template")
                m.url_template = scalar(value, key);
            else if (key == "url_lowercase")
                m.url_lowercase = boolean(value, key);
            else
                fail(entry.first.Mark(), "unknown key '" + key +
                                             "' (expected fields, values, region_lookup, "
                                             "url_template, url_lowercase)");
        }
        return m;
    }

private:
    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const {
        std::string where = file_.string();
        if (mark.line >= 0)
            where += ":" + std::to_string(mark.line + 1);
        throw Error("read_markdown(): mapping " + where + ": " + message);
    }

    std::string scalar(const YAML::Node& node, const std::string& what) const {
        if (!node.IsScalar())
            fail(node.Mark(), what + ": expected a single value");
        return node.Scalar();
    }

    bool boolean(const YAML::Node& node, const std::string& what) const {
        bool b = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, b))
            fail(node.Mark(), what + ": expected true or false");
        return b;
    }

    void load_fields(const YAML::Node& fields, FrontMatterMapping& m) const {
        if (!fields.IsMap())
            fail(fields.Mark(), "fields: expected Post field: front-matter key(s)");
        for (const auto& entry : fields) {
            const std::string field = entry.first.Scalar();
            if (!m.keys.contains(field)) {
                std::string known;
                for (const auto& [name, keys] : default_keys())
                    known += (known.empty() ? "" : ", ") + name;
                fail(entry.first.Mark(),
                     "fields: unknown Post field '" + field + "' (expected " + known + ")");
            }
            std::vector<std::string> keys;
            if (entry.second.IsScalar())
                keys.push_back(entry.second.Scalar());
            else if (entry.second.IsSequence())
                for (const auto& k : entry.second)
                    keys.push_back(scalar(k, "fields." + field));
            else if (!entry.second.IsNull())
                fail(entry.second.Mark(), "fields." + field + ": expected a key or a list of keys");
            m.keys[field] = std::move(keys);
            if (field == "type")
                m.type_named = true;
        }
    }

    void load_values(const YAML::Node& values, FrontMatterMapping& m) const {
        if (!values.IsMap())
            fail(values.Mark(), "values: expected Post field: {front-matter value: value}");
        for (const auto& entry : values) {
            const std::string field = entry.first.Scalar();
            if (field != "type" && field != "topics" && field != "tags")
                fail(entry.first.Mark(), "values: only type, topics and tags have value tables");
            if (!entry.second.IsMap())
                fail(entry.second.Mark(), "values." + field + ": expected {value: value}");
            for (const auto& v : entry.second)
                m.values[field][region_key(v.first.Scalar())] =
                    scalar(v.second, "values." + field + "." + v.first.Scalar());
        }
    }

    void load_region_lookup(const YAML::Node& lookup, FrontMatterMapping& m) const {
        if (!lookup.IsMap() || !lookup["key"] || !lookup["values"] || !lookup["values"].IsMap())
            fail(lookup.Mark(), "region_lookup: expected {key: front-matter key, values: "
                                "{value: city or {state, district, municipality}}}");
        m.region_lookup_key = scalar(lookup["key"], "region_lookup.key");
        for (const auto& entry : lookup["values"]) {
            const std::string value = entry.first.Scalar();
            json region = json::object();
            if (entry.second.IsScalar()) {
                // a city: the Kreis of that name (kreisfreie Städte first) and the Gemeinde
                region["district"] = entry.second.Scalar();
                region["municipality"] = entry.second.Scalar();
            } else if (entry.second.IsMap()) {
                for (const auto& part : entry.second) {
                    const std::string name = part.first.Scalar();
                    if (name != "state" && name != "district" && name != "municipality")
                        fail(part.first.Mark(), "region_lookup.values." + value + ": unknown '" +
                                                    name +
                                                    "' (expected state, district, municipality)");
                    region[name] = scalar(part.second, "region_lookup.values." + value);
                }
            } else {
                fail(entry.second.Mark(), "region_lookup.values." + value +
                                              ": expected a city or {state, district, "
                                              "municipality}");
            }
            m.regions[region_key(value)] = std::move(region);
        }
    }

    std::filesystem::path file_;
};

// ---- one Markdown file -----------------------------------------------------------------------

struct Entry {
    std::string key;
    std::size_t line;
    YAML::Node value;
};

/// The front matter's top-level keys, with the line of each.
class FrontMatter {
public:
    FrontMatter(const YAML::Node& map, std::size_t first_line) {
        for (const auto& e : map)
            entries_.push_back(
                {e.first.Scalar(),
                 first_line + static_cast<std::size_t>(std::max(e.first.Mark().line, 0)),
                 e.second});
    }

    /// The first of `keys` present with a value; exact spelling first, then ignoring case.
    [[nodiscard]] const Entry* find(const std::vector<std::string>& keys) const {
        for (const auto& k : keys)
            for (const auto& e : entries_)
                if (e.key == k && !e.value.IsNull())
                    return &e;
        for (const auto& k : keys)
            for (const auto& e : entries_)
                if (lower(e.key) == lower(k) && !e.value.IsNull())
                    return &e;
        return nullptr;
    }

private:
    std::vector<Entry> entries_;
};

json to_json(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Scalar:
        return node.Scalar();
    case YAML::NodeType::Sequence: {
        json out = json::array();
        for (const auto& v : node)
            out.push_back(to_json(v));
        return out;
    }
    case YAML::NodeType::Map: {
        json out = json::object();
        for (const auto& e : node)
            out[e.first.Scalar()] = to_json(e.second);
        return out;
    }
    default:
        return nullptr;
    }
}

/// Eleventy's date keywords ("date: Last Modified"): dates Eleventy computes, not values.
bool is_computed_date(const json& value) {
    if (!value.is_string())
        return false;
    const std::string v = lower(value.get<std::string>());
    return v == "last modified" || v == "created" || v == "git last modified" || v == "git created";
}

bool is_true(const YAML::Node& node) {
    bool b = false;
    return node.IsScalar() && YAML::convert<bool>::decode(node, b) && b;
}

bool is_false(const YAML::Node& node) {
    bool b = true;
    return node.IsScalar() && YAML::convert<bool>::decode(node, b) && !b;
}

/// Removes Hugo shortcodes ({{< ... >}}, {{% ... %}}) and Liquid tags ({% ... %}): template
/// syntax, not text. The text between paired shortcodes stays.
std::string strip_template_tags(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        std::string_view close;
        if (text.substr(i, 3) == "{{<")
            close = ">}}";
        else if (text.substr(i, 3) == "{{%")
            close = "%}}";
        else if (text.substr(i, 2) == "{%")
            close = "%}";
        const auto end = close.empty() ? std::string_view::npos : text.find(close, i);
        if (end == std::string_view::npos) {
            out += text[i++];
            continue;
        }
        i = end + close.size();
    }
    return out;
}

std::string markdown_to_html(std::string_view markdown) {
    const std::string text = strip_template_tags(markdown);
    // Raw HTML stays: the result goes to html_to_text, never to a browser.
    char* html = cmark_markdown_to_html(text.data(), text.size(), CMARK_OPT_UNSAFE);
    std::string out(html);
    std::free(html);
    return out;
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string line(text.substr(start, end - start));
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

std::string join(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < to && i < lines.size(); ++i)
        out.append(lines[i]).append("\n");
    return out;
}

/// Reads one file into a record: the parts of read_markdown_file() that need the front matter.
class MarkdownRecord {
public:
    MarkdownRecord(const FrontMatterMapping& mapping, const FrontMatter& fm,
                   const std::filesystem::path& file, const std::filesystem::path& root)
        : m_(mapping), fm_(fm), file_(file), root_(root) {}

    [[nodiscard]] bool is_draft() const {
        if (const Entry* e = fm_.find(m_.keys.at("draft")); e != nullptr && is_true(e->value))
            return true;
        const Entry* published = fm_.find({"published"}); // Jekyll: published: false
        return published != nullptr && is_false(published->value);
    }

    void build(std::string_view markdown_body) {
        text("id", "id");
        if (!record_.contains("id"))
            record_["id"] = relative_id();
        text("url", "url");
        if (!record_.contains("url") && !m_.url_template.empty())
            record_["url"] = expand_url();
        text("title", "title");
        text("teaser", "teaser");
        text("date", "published");
        if (is_computed_date(record_.value("published", json())))
            record_.erase("published");
        if (!record_.contains("published"))
            if (std::string date = date_from_file_name(); !date.empty())
                record_["published"] = date;
        list("authors", false);
        list("topics", true);
        list("tags", true);
        if (!record_.contains("topics") && record_.contains("tags"))
            record_["topics"] = record_["tags"]; // a blog with tags only: they are its topics
        type();
        region();
        record_["body"] = markdown_to_html(markdown_body);
    }

    [[nodiscard]] const json& record() const { return record_; }
    [[nodiscard]] const FieldSources& sources() const { return sources_; }
    [[nodiscard]] const std::vector<RecordProblem>& warnings() const { return warnings_; }

private:
    const Entry* find(const std::string& field) const { return fm_.find(m_.keys.at(field)); }

    void text(const std::string& field, const std::string& record_field) {
        if (const Entry* e = find(field)) {
            record_[record_field] = to_json(e->value);
            sources_[record_field] = {e->line, e->key};
        }
    }

    std::string mapped(const std::string& field, const std::string& value) const {
        auto table = m_.values.find(field);
        if (table == m_.values.end())
            return value;
        auto it = table->second.find(region_key(value));
        return it == table->second.end() ? value : it->second;
    }

    /// A list field: a YAML list, or one string (split at commas for topics and tags); list
    /// items that are maps give their `name` (authors: [{name: ...}]).
    void list(const std::string& field, bool split_commas) {
        const Entry* e = find(field);
        if (e == nullptr)
            return;
        json out = json::array();
        auto add = [&](const std::string& value) {
            if (std::string v = trim(value); !v.empty())
                out.push_back(mapped(field, v));
        };
        if (e->value.IsScalar()) {
            std::stringstream parts(e->value.Scalar());
            std::string part;
            if (!split_commas)
                add(e->value.Scalar());
            else
                while (std::getline(parts, part, ','))
                    add(part);
        } else if (e->value.IsSequence()) {
            for (const auto& item : e->value) {
                if (item.IsScalar())
                    add(item.Scalar());
                else if (item.IsMap() && item["name"] && item["name"].IsScalar())
                    add(item["name"].Scalar());
                else
                    out.push_back(to_json(item)); // the validator names the problem
            }
        } else {
            out = to_json(e->value);
        }
        record_[field] = std::move(out);
        sources_[field] = {e->line, e->key};
    }

    void type() {
        const Entry* e = find("type");
        if (e == nullptr)
            return;
        if (!e->value.IsScalar()) {
            record_["type"] = to_json(e->value);
        } else {
            const std::string value = mapped("type", trim(e->value.Scalar()));
            if (!m_.type_named && value != "post" && value != "praxisbeispiel")
                return;
            record_["type"] = value;
        }
        sources_["type"] = {e->line, e->key};
    }

    void region() {
        if (const Entry* e = find("region")) {
            record_["region"] = to_json(e->value);
            sources_["region"] = {e->line, e->key};
            if (record_["region"].is_string())
                record_["region"] = json{{"state", record_["region"]}};
        }
        for (const std::string part : {"state", "district", "municipality"}) {
            const Entry* e = find("region." + part);
            json& region = record_["region"];
            if (e != nullptr && (region.is_null() || region.is_object())) {
                region[part] = to_json(e->value);
                sources_["region." + part] = {e->line, e->key};
            }
        }
        if (!m_.region_lookup_key.empty())
            lookup_region();
        if (record_.contains("region") && record_["region"].is_null())
            record_.erase("region");
    }

    void lookup_region() {
        const Entry* e = fm_.find({m_.region_lookup_key});
        if (e == nullptr)
            return;
        std::vector<std::string> values;
        if (e->value.IsScalar())
            values.push_back(e->value.Scalar());
        else if (e->value.IsSequence())
            for (const auto& v : e->value)
                if (v.IsScalar())
                    values.push_back(v.Scalar());
        for (const auto& value : values) {
            auto it = m_.regions.find(region_key(value));
            if (it == m_.regions.end())
                continue;
            json& region = record_["region"];
            if (!region.is_null() && !region.is_object())
                return; // the validator reports the malformed region
            for (const auto& [part, name] : it->second.items())
                if (!region.contains(part)) {
                    region[part] = name;
                    sources_["region." + part] = {e->line, e->key};
                }
            sources_.try_emplace("region", FieldSource{e->line, e->key});
            return;
        }
        if (!values.empty())
            warnings_.push_back({{file_.string(), e->line},
                                 m_.region_lookup_key,
                                 "no region for '" + values.front() + "' in the mapping",
                                 true});
    }

    [[nodiscard]] std::filesystem::path relative_path() const {
        std::filesystem::path rel = root_.empty() ? file_ : file_.lexically_relative(root_);
        if (rel.empty())
            rel = file_.filename();
        rel.replace_extension();
        if (rel.filename() == "index" && rel.has_parent_path())
            rel = rel.parent_path(); // a Hugo page bundle: the directory is the post
        return rel;
    }

    [[nodiscard]] std::string relative_id() const { return relative_path().generic_string(); }

    [[nodiscard]] std::string expand_url() const {
        std::string slug = relative_path().filename().string();
        if (const Entry* e = fm_.find({"slug"}); e != nullptr && e->value.IsScalar())
            slug = e->value.Scalar();
        std::string path = relative_id();
        // URLs hold no spaces: Hugo turns them into hyphens, so do we
        std::replace(slug.begin(), slug.end(), ' ', '-');
        std::replace(path.begin(), path.end(), ' ', '-');
        std::string url = m_.url_template;
        for (const auto& [placeholder, value] :
             {std::pair<std::string, std::string>{"{slug}", slug}, {"{path}", path}})
            for (auto pos = url.find(placeholder); pos != std::string::npos;
                 pos = url.find(placeholder, pos + value.size()))
                url.replace(pos, placeholder.size(), value);
        return m_.url_lowercase ? lower(url) : url;
    }

    /// Jekyll's and Hugo's convention: "2014-04-14-gruendung.md" was published on 2014-04-14.
    [[nodiscard]] std::string date_from_file_name() const {
        const std::string name = relative_path().filename().string(); // a bundle: its directory
        if (name.size() < 10 || (name.size() > 10 && name[10] != '-'))
            return {};
        for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
            if (name[i] < '0' || name[i] > '9')
                return {};
        return name[4] == '-' && name[7] == '-' ? name.substr(0, 10) : std::string();
    }

    const FrontMatterMapping& m_;
    const FrontMatter& fm_;
    const std::filesystem::path& file_;
    const std::filesystem::path& root_;
    json record_ = json::object();
    FieldSources sources_;
    std::vector<RecordProblem> warnings_;
};

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("read_markdown(): cannot read " + file.string());
    std::ostringstream content;
    content << in.rdbuf();
    return std::move(content).str();
}

} // namespace

std::shared_ptr<const FrontMatterMapping> load_mapping(const std::filesystem::path& file) {
    if (file.empty()) {
        auto m = std::make_shared<FrontMatterMapping>();
        for (const auto& [field, keys] : default_keys())
            m->keys[field] = keys;
        return m;
    }
    return std::make_shared<FrontMatterMapping>(MappingLoader(file).load());
}

void read_markdown_file(const std::filesystem::path& file, const std::filesystem::path& root,
                        const FrontMatterMapping& mapping, const PostValidator& validator,
                        RecordSink& sink) {
    std::string text = read_text(file);
    if (text.starts_with("\xEF\xBB\xBF"))
        text.erase(0, 3);
    const std::vector<std::string> lines = split_lines(text);
    const SourceLocation where{file.string(), 1};
    auto reject = [&](std::size_t line, const std::string& message) {
        sink.problem({{file.string(), line}, "-", message, false});
    };
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!analyzers::is_valid_utf8(lines[i]))
            return reject(i + 1, "invalid UTF-8");
    if (lines.empty() || trim(lines[0]) != "---")
        return reject(1, trim(lines.empty() ? "" : lines[0]) == "+++"
                             ? "TOML front matter (+++) is not supported: use YAML (---)"
                             : "no YAML front matter (the file must start with a '---' line)");
    std::size_t close = 1;
    while (close < lines.size() && trim(lines[close]) != "---" && trim(lines[close]) != "...")
        ++close;
    if (close == lines.size())
        return reject(1, "front matter not closed: no '---' line after line 1");

    YAML::Node node;
    try {
        node = YAML::Load(join(lines, 1, close));
    } catch (const YAML::Exception& e) {
        return reject(e.mark.line >= 0 ? 2 + static_cast<std::size_t>(e.mark.line) : 1,
                      "invalid YAML front matter: " + e.msg);
    }
    if (!node.IsMap() && !node.IsNull())
        return reject(2, "front matter must be a mapping of keys to values");
    const FrontMatter front_matter(node.IsMap() ? node : YAML::Node(YAML::NodeType::Map), 2);
    MarkdownRecord record(mapping, front_matter, file, root);
    if (record.is_draft())
        return;
    record.build(join(lines, close + 1, lines.size()));
    for (const auto& w : record.warnings())
        sink.problem(w);
    emit_record(record.record(), where, record.sources(), validator, sink);
}

} // namespace fundus::index::detail
