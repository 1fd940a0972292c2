#include "fundus/index/readers.h"

#include "fundus/analyzers/folding.h"
#include "fundus/error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace fundus::index {

SourceFormat parse_source_format(std::string_view name) {
    if (name == "auto")
        return SourceFormat::automatic;
    if (name == "jsonl")
        return SourceFormat::jsonl;
    throw Error("parse_source_format(): unknown format '" + std::string(name) +
                "' (expected auto or jsonl)");
}

void read_jsonl(const std::filesystem::path& file, const PostValidator& validator, RecordSink& sink) {
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

namespace {

bool is_jsonl(const std::filesystem::path& p) {
    const auto ext = p.extension();
    return ext == ".jsonl" || ext == ".ndjson";
}

} // namespace

void read_source(const std::filesystem::path& path, SourceFormat format,
                 const PostValidator& validator, RecordSink& sink) {
    if (!std::filesystem::exists(path))
        throw Error("read_source(): no such file or directory: " + path.string());
    if (std::filesystem::is_directory(path)) {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
            if (entry.is_regular_file() && (format == SourceFormat::jsonl || is_jsonl(entry.path())))
                files.push_back(entry.path());
        if (files.empty())
            throw Error("read_source(): " + path.string() + " contains no supported files (.jsonl)");
        std::sort(files.begin(), files.end());
        for (const auto& f : files)
            read_jsonl(f, validator, sink);
        return;
    }
    if (format == SourceFormat::jsonl || is_jsonl(path)) {
        read_jsonl(path, validator, sink);
        return;
    }
    throw Error("read_source(): cannot tell the format of " + path.string() +
                " (use --format jsonl)");
}

} // namespace fundus::index
