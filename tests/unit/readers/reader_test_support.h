// What the reader tests share: a sink that keeps everything, the gazetteer, fixture paths and
// the line of a marker in a fixture. Not thread-safe.
#pragma once

#include "fundus/index/gazetteer.h"
#include "fundus/index/readers.h"
#include "test_support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fundus::testing {

/// Keeps every post and problem a reader reports, in order.
class CollectingSink final : public index::RecordSink {
public:
    void post(index::Post&& post, const index::SourceLocation& where) override {
        posts.emplace_back(std::move(post), where);
    }
    void problem(const index::RecordProblem& problem) override { problems.push_back(problem); }

    /// The post with `id`, or null.
    [[nodiscard]] const index::Post* find(const std::string& id) const {
        auto it = std::find_if(posts.begin(), posts.end(),
                               [&](const auto& p) { return p.first.id == id; });
        return it == posts.end() ? nullptr : &it->first;
    }
    /// Where the post with `id` came from (the first one, for a duplicate).
    [[nodiscard]] index::SourceLocation where(const std::string& id) const {
        for (const auto& [post, where] : posts)
            if (post.id == id)
                return where;
        return {};
    }
    [[nodiscard]] std::vector<index::RecordProblem> errors() const {
        std::vector<index::RecordProblem> out;
        std::copy_if(problems.begin(), problems.end(), std::back_inserter(out),
                     [](const auto& p) { return !p.warning; });
        return out;
    }
    /// The problems reported for `file` (a path ending in it), as "LINE: FIELD: message".
    [[nodiscard]] std::vector<std::string> problems_in(const std::string& file) const {
        std::vector<std::string> out;
        for (const auto& p : problems)
            if (p.where.file.ends_with(file))
                out.push_back(std::to_string(p.where.line) + ": " + p.field + ": " + p.message +
                              (p.warning ? " (warning)" : ""));
        return out;
    }
    [[nodiscard]] std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const auto& [post, where] : posts)
            out.push_back(post.id);
        return out;
    }

    std::vector<std::pair<index::Post, index::SourceLocation>> posts;
    std::vector<index::RecordProblem> problems;
};

/// data/regions, loaded once per test process.
inline const index::Gazetteer& gazetteer() {
    static const index::Gazetteer loaded =
        index::Gazetteer::load(source_dir() / "data" / "regions");
    return loaded;
}

inline std::filesystem::path fixture(const std::string& relative) {
    return source_dir() / "tests" / "fixtures" / "sources" / relative;
}

/// The 1-based line of `file` on which `marker` first occurs (0 when it does not).
inline std::size_t line_of(const std::filesystem::path& file, const std::string& marker) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    for (std::size_t n = 1; std::getline(in, line); ++n)
        if (line.find(marker) != std::string::npos)
            return n;
    return 0;
}

} // namespace fundus::testing
