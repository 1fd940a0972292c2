// Source readers: files and directories of posts -> validated Posts and record problems.
// Not thread-safe (a reader call owns its sink for its duration).
#pragma once

#include "fundus/index/post.h"
#include "fundus/index/validator.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace fundus::index {

/// Receives what a reader finds, record by record, so that a million records need no memory.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void post(Post&& post, const SourceLocation& where) = 0;
    virtual void problem(const RecordProblem& problem) = 0;
};

// Every reader turns a record into the loosely typed JSON record of read_jsonl() and passes it
// to PostValidator::validate(), so validation is the same for all formats. A RecordProblem
// points at the record's first line (Markdown: the front matter's "---"; XML: the item's or
// entry's start tag), or, when the problem is with one field, at that field's line under the
// name the source gives it ("date", "wp:post_date", "region_state"). Duplicate ids are left to
// the caller (build_index() reports them), so both records come through with their locations.

/// The source formats Fundus reads (docs/sources.md describes each).
enum class SourceFormat {
    automatic, ///< told by extension and content
    jsonl,     ///< JSON Lines, one record a line
    markdown,  ///< Markdown files with YAML front matter (Hugo, Jekyll, Eleventy)
    wxr,       ///< a WordPress export (WXR)
    rss,       ///< an RSS 2.0 feed
    atom,      ///< an Atom feed
    feed,      ///< RSS 2.0 or Atom, told by the root element
};

/// Parses "auto", "jsonl", "markdown", "wxr", "rss", "atom" or "feed"; throws fundus::Error for
/// anything else.
SourceFormat parse_source_format(std::string_view name);

/// The name parse_source_format() accepts for `format`.
std::string_view source_format_name(SourceFormat format);

/// Reads a JSON Lines file: each line one record. A line that is not valid UTF-8 or not valid
/// JSON, or whose record fails validation, is reported through `sink` and skipped.
void read_jsonl(const std::filesystem::path& file, const PostValidator& validator,
                RecordSink& sink);

/// Reads a Markdown file, or a directory of them (recursively, in path order), each file one post
/// with YAML front matter; the body is rendered by cmark. `mapping` names a YAML or JSON file
/// saying which front-matter key holds which field (empty: the common keys of Hugo, Jekyll and
/// Eleventy). Drafts are skipped; a file with broken front matter or invalid UTF-8 is reported at
/// its line and skipped. Throws fundus::Error when `path` or the mapping cannot be read or the
/// mapping is malformed.
void read_markdown(const std::filesystem::path& path, const PostValidator& validator,
                   RecordSink& sink, const std::filesystem::path& mapping = {});

/// Reads a WordPress export (WXR): published posts and pages; drafts, trash, private and
/// password-protected posts, attachments and menu items are skipped. A file that is not
/// well-formed XML is reported as one problem. Throws fundus::Error when it cannot be read.
void read_wxr(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink);

/// Reads an RSS 2.0 or Atom feed file; `format` is rss, atom (the root must match) or feed
/// (either). Problems as for read_wxr().
void read_feed(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink,
               SourceFormat format = SourceFormat::feed);

/// Reads `path`: a file in `format`, or a directory whose files are read in path order (hidden
/// entries, Jekyll's _drafts and Hugo's _index.md left out). When automatic, a file's format is
/// told by its extension (.jsonl, .ndjson, .md, .markdown) and otherwise by its content (JSON,
/// front matter, or the XML root: WXR, RSS, Atom); in a directory, files of other types are
/// passed over, and an XML file of another kind is a warning. `mapping` is used for Markdown files
/// (see read_markdown()). A file that cannot be parsed at all is reported through `sink` and the
/// rest continues. Throws fundus::Error when the path does not exist, a file's format cannot be
/// recognised, a directory holds no supported file, or the mapping is bad.
void read_source(const std::filesystem::path& path, SourceFormat format,
                 const PostValidator& validator, RecordSink& sink,
                 const std::filesystem::path& mapping = {});

} // namespace fundus::index
