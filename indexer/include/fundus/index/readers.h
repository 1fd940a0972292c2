// Source readers: files and directories of posts -> validated Posts and record problems.
// Not thread-safe (a reader call owns its sink for its duration).
#pragma once

#include "fundus/index/post.h"
#include "fundus/index/validator.h"

#include <filesystem>
#include <string>

namespace fundus::index {

/// Receives what a reader finds, record by record, so that a million records need no memory.
class RecordSink {
public:
    virtual ~RecordSink() = default;
    virtual void post(Post&& post, const SourceLocation& where) = 0;
    virtual void problem(const RecordProblem& problem) = 0;
};

/// The source formats Fundus reads.
enum class SourceFormat { automatic, jsonl };

/// Parses "auto" / "jsonl"; throws fundus::Error for anything else.
SourceFormat parse_source_format(std::string_view name);

/// Reads a JSON Lines file: each line one record. A line that is not valid UTF-8 or not valid
/// JSON, or whose record fails validation, is reported through `sink` and skipped.
void read_jsonl(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink);

/// Reads `path`: a file in `format` (recognised by extension and content when automatic) or a
/// directory, whose supported files are read in name order. Throws fundus::Error when the path
/// does not exist or its format cannot be recognised.
void read_source(const std::filesystem::path& path, SourceFormat format,
                 const PostValidator& validator, RecordSink& sink);

} // namespace fundus::index
