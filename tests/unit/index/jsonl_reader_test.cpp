#include "fundus/index/readers.h"
#include "test_support.h"

#include <catch2/catch.hpp>

using namespace fundus::index;

namespace jsonl_reader_test {
namespace {

struct CollectingSink : RecordSink {
    std::vector<Post> posts;
    std::vector<RecordProblem> problems;
    void post(Post&& p, const SourceLocation&) override { posts.push_back(std::move(p)); }
    void problem(const RecordProblem& p) override { problems.push_back(p); }
};

const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::load(fundus::testing::source_dir() / "data" / "regions");
    return g;
}

} // namespace

TEST_CASE("a JSON Lines file with bad records keeps the good ones", "[index][jsonl]") {
    CollectingSink sink;
    PostValidator validator(gazetteer());
    const auto file = fundus::testing::source_dir() / "tests" / "fixtures" / "bad.jsonl";
    read_jsonl(file, validator, sink);
    // The reader does not know about duplicates across records: the index builder checks ids.
    std::vector<std::string> ids;
    for (const auto& p : sink.posts)
        ids.push_back(p.id);
    CHECK(ids == std::vector<std::string>{"ok-1", "ok-1", "ok-2"});
    std::vector<std::string> problems;
    for (const auto& p : sink.problems)
        problems.push_back(p.to_string().substr(file.string().size()));
    CHECK(problems == std::vector<std::string>{
                          ":2: -: invalid JSON",
                          ":3: id: missing",
                          ":4: title: missing",
                          ":5: published: not a valid date: '2021-02-30' (expected YYYY-MM-DD)",
                          ":6: region.state: unknown Land 'Atlantis'",
                          ":7: -: invalid UTF-8",
                          ":9: colour: unknown field, ignored (warning)",
                          ":10: type: must be 'post' or 'praxisbeispiel', not 'seite'",
                          ":11: -: a record must be a JSON object",
                      });
}

TEST_CASE("read_source reads every .jsonl file of a directory", "[index][jsonl]") {
    CollectingSink sink;
    PostValidator validator(gazetteer());
    read_source(fundus::testing::source_dir() / "data" / "corpus", SourceFormat::automatic, validator, sink);
    CHECK(sink.posts.size() >= 100);
    CHECK(std::none_of(sink.problems.begin(), sink.problems.end(), [](const auto& p) { return !p.warning; }));
}

TEST_CASE("a missing input is a configuration error", "[index][jsonl]") {
    CollectingSink sink;
    PostValidator validator(gazetteer());
    CHECK_THROWS_WITH(read_source("/nonexistent/posts.jsonl", SourceFormat::automatic, validator, sink),
                      "read_source(): no such file or directory: /nonexistent/posts.jsonl");
}

} // namespace jsonl_reader_test
