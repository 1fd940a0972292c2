#include "fundus/error.h"
#include "fundus/index/generations.h"
#include "fundus/index/index_builder.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <xapian.h>

using namespace fundus::index;
using fundus::testing::TempDir;

namespace {

const Gazetteer& gazetteer() {
    static const Gazetteer g = Gazetteer::load(fundus::testing::source_dir() / "data" / "regions");
    return g;
}

BuildReport build(const std::filesystem::path& dir, const std::filesystem::path& input, unsigned keep = 3) {
    BuildOptions options;
    options.index_dir = dir;
    options.inputs.push_back({input, SourceFormat::automatic, {}});
    options.keep_generations = keep;
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    return build_index(options, analyzer, gazetteer());
}

const std::filesystem::path blog = fundus::testing::source_dir() / "tests" / "fixtures" / "blog.jsonl";
const std::filesystem::path bad = fundus::testing::source_dir() / "tests" / "fixtures" / "bad.jsonl";

} // namespace

TEST_CASE("a build publishes a new generation and points current at it", "[index][generations]") {
    TempDir tmp;
    const auto report = build(tmp.path(), blog);
    CHECK(report.generation == 1);
    CHECK(report.indexed == 10);
    CHECK(report.rejected == 0);
    IndexDirectory dir(tmp.path());
    const auto current = dir.current();
    REQUIRE(current);
    CHECK(current->number == 1);
    CHECK(current->meta["documents"] == 10);
    Xapian::Database db(IndexDirectory::database_path(current->path).string());
    CHECK(db.get_doccount() == 10);

    SECTION("the next build becomes generation 2; old ones are pruned to `keep`") {
        build(tmp.path(), blog, 2);
        build(tmp.path(), blog, 2);
        CHECK(dir.current()->number == 3);
        const auto all = dir.generations();
        REQUIRE(all.size() == 2);
        CHECK(all[0].number == 2);
        CHECK(all[1].current);
    }
    SECTION("a failed build leaves the live generation untouched") {
        CHECK_THROWS_AS(build(tmp.path(), "/nonexistent.jsonl"), fundus::Error);
        CHECK(dir.current()->number == 1);
        CHECK(dir.generations().size() == 1);
        Xapian::Database again(IndexDirectory::database_path(dir.current()->path).string());
        CHECK(again.get_doccount() == 10);
        SECTION("and the next build cleans up after it") {
            CHECK(build(tmp.path(), blog).generation == 3);
            for (const auto& entry : std::filesystem::directory_iterator(tmp.path() / "generations"))
                CHECK_FALSE(entry.path().string().ends_with(".building"));
        }
    }
    SECTION("switch_to rolls back to an older generation") {
        build(tmp.path(), blog);
        dir.switch_to(1);
        CHECK(dir.current()->number == 1);
    }
}

TEST_CASE("bad records are rejected and counted, duplicates by their first location", "[index][generations]") {
    TempDir tmp;
    const auto report = build(tmp.path(), bad);
    CHECK(report.indexed == 2);
    CHECK(report.rejected == 9);
    CHECK(report.warnings == 1);
    const auto dup = std::find_if(report.problems.begin(), report.problems.end(),
                                  [](const RecordProblem& p) { return p.where.line == 8; });
    REQUIRE(dup != report.problems.end());
    CHECK(dup->to_string() == bad.string() + ":8: id: duplicate of " + bad.string() + ":1");
}

TEST_CASE("only one writer at a time", "[index][generations]") {
    TempDir tmp;
    WriterLock first(tmp.path());
    CHECK_THROWS_WITH(WriterLock(tmp.path()),
                      Catch::Matchers::StartsWith("WriterLock: another fundus-index is writing"));
}
