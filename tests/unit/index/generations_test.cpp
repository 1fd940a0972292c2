#include "fundus/error.h"
#include "fundus/index/generations.h"
#include "fundus/index/index_builder.h"
#include "fundus/index/schema.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <unistd.h>

using namespace fundus::index;
using fundus::testing::TempDir;

namespace generations_test {
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

namespace {

BuildReport update(const std::filesystem::path& dir, const std::filesystem::path& input,
                   const std::string& fingerprint = {}, double max_delete_share = 0.2) {
    BuildOptions options;
    options.index_dir = dir;
    options.inputs.push_back({input, SourceFormat::automatic, {}});
    options.analysis_fingerprint = fingerprint;
    options.max_delete_share = max_delete_share;
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    return update_index(options, analyzer, gazetteer());
}

/// blog.jsonl without its last `drop` lines, and with fx-01's title changed when `retitle`.
std::filesystem::path blog_variant(const std::filesystem::path& dir, std::size_t drop, bool retitle) {
    std::ifstream in(blog);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    lines.resize(lines.size() - drop);
    if (retitle) {
        const auto at = lines[0].find("Glasfaser für alle Kommunen");
        REQUIRE(at != std::string::npos);
        lines[0].replace(at, std::strlen("Glasfaser für alle Kommunen"), "Funkmasten für alle Dörfer");
    }
    const auto path = dir / "variant.jsonl";
    std::ofstream out(path);
    for (const auto& line : lines)
        out << line << '\n';
    return path;
}

Xapian::Database current_database(const std::filesystem::path& dir) {
    return Xapian::Database(IndexDirectory::database_path(IndexDirectory(dir).current()->path).string());
}

} // namespace

namespace {

/// What a database holds, independent of how its documents are numbered: each document's terms
/// (by its id term) with wdf and positions, its data and values; the spelling words with their
/// frequencies; the word-suggestion counts.
struct IndexContent {
    std::map<std::string, std::string> documents; // id term -> terms, data and values, printed
    std::map<std::string, Xapian::termcount> spelling;
    std::map<std::string, std::string> suggest_counts;
    bool operator==(const IndexContent&) const = default;
};

IndexContent content_of(const Xapian::Database& db) {
    IndexContent c;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        const Xapian::Document doc = db.get_document(*d);
        std::string id, printed;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).starts_with('Q'))
                id = *t;
            printed += *t + " " + std::to_string(t.get_wdf()) + ":";
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                printed += " " + std::to_string(*p);
            printed += "\n";
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            printed += "value " + std::to_string(v.get_valueno()) + " " + *v + "\n";
        c.documents[id] = printed + doc.get_data();
    }
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
        c.spelling[*w] = w.get_termfreq();
    const std::string prefix(schema::suggest_word);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
        c.suggest_counts[*it] = db.get_metadata(*it);
    return c;
}

} // namespace

TEST_CASE("a build's index does not depend on how the build splits and flushes its work",
          "[index][generations][suggest]") {
    // One thread writing one run in one batch, against two threads writing runs of three posts,
    // each run flushed after every second post, and the runs merged at the end: the documents,
    // the spelling data and the word counts must come out the same.
    TempDir tmp;
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    auto built = [&](const char* name, unsigned threads, std::size_t commit_every,
                     std::size_t flush_every) {
        BuildOptions options;
        options.index_dir = tmp.path() / name;
        options.inputs.push_back({blog, SourceFormat::automatic, {}});
        options.threads = threads;
        options.commit_every = commit_every;
        options.flush_every = flush_every;
        build_index(options, analyzer, gazetteer());
        return content_of(current_database(options.index_dir));
    };
    const auto whole = built("whole", 1, 1000, 1000);
    const auto split = built("split", 2, 3, 2);
    CHECK(whole.documents.size() == 10);
    CHECK(split.documents == whole.documents);
    CHECK(split.spelling == whole.spelling);
    CHECK(split.suggest_counts == whole.suggest_counts);
    // The comparison has something to compare: positions, spelling frequencies and counts above 1
    // (some words are in several posts).
    CHECK(whole.documents.begin()->second.find(": 1") != std::string::npos);
    CHECK(std::any_of(whole.spelling.begin(), whole.spelling.end(),
                      [](const auto& entry) { return entry.second > 1; }));
    CHECK(std::any_of(whole.suggest_counts.begin(), whole.suggest_counts.end(),
                      [](const auto& entry) { return schema::suggest_count(entry.second) > 1; }));
    CHECK_THROWS_WITH(built("none", 1, 1000, 0), Catch::Contains("flush_every must be at least 1"));
}

TEST_CASE("update_index changes only what changed in a copy of the current generation",
          "[index][generations][update]") {
    TempDir tmp;
    build(tmp.path() / "idx", blog);
    const auto before = current_database(tmp.path() / "idx");
    const auto report = update(tmp.path() / "idx", blog_variant(tmp.path(), 1, true));
    CHECK(report.mode == "update");
    CHECK(report.generation == 2);
    CHECK(report.base_generation == 1u);
    CHECK(report.added == 0);
    CHECK(report.changed == 1);
    CHECK(report.unchanged == 8);
    CHECK(report.deleted == 1);
    CHECK(report.deleted_ids == std::vector<std::string>{"fx-10"});
    CHECK(report.documents == 9);

    const auto db = current_database(tmp.path() / "idx");
    CHECK(db.get_doccount() == 9);
    CHECK(db.get_termfreq("Qfx-10") == 0);
    CHECK(db.get_termfreq("Qfx-01") == 1);
    CHECK(db.get_termfreq("Sfunkmast") == 1);
    CHECK(db.get_termfreq("Sglasfas") == 0);
    // The spelling data follows: words of the removed text are no longer offered.
    CHECK(before.get_spelling_suggestion("funkmasten").empty());
    CHECK(db.get_spelling_suggestion("funkmastn") == "funkmasten");
    CHECK(before.get_spelling_suggestion("coworkng") == "coworking");
    CHECK(db.get_spelling_suggestion("coworkng").empty());
    // So do the word suggestions (counts of documents): the new word is counted, the deleted
    // post's only word is gone, a word the changed post still has keeps its count.
    auto count = [](const Xapian::Database& d, const std::string& entry) {
        return schema::suggest_count(d.get_metadata(std::string(schema::suggest_word) + entry));
    };
    CHECK(count(before, "funkmasten\tFunkmasten") == 0);
    CHECK(count(db, "funkmasten\tFunkmasten") == 1);
    CHECK(count(before, "coworking\tCoworking") == 1);
    CHECK(db.get_metadata(std::string(schema::suggest_word) + "coworking\tCoworking").empty());
    CHECK(count(db, "glasfaser\tGlasfaser") == count(before, "glasfaser\tGlasfaser"));
    CHECK(count(db, "glasfaser\tGlasfaser") >= 1);
    // The base generation is untouched.
    CHECK(before.get_doccount() == 10);
    CHECK(Xapian::Database(IndexDirectory::database_path(tmp.path() / "idx" / "generations" / "000001").string())
              .get_termfreq("Qfx-10") == 1);
}

TEST_CASE("update_index re-indexes everything when the analysis changed", "[index][generations][update]") {
    TempDir tmp;
    build(tmp.path() / "idx", blog);
    CHECK(update(tmp.path() / "idx", blog, "").unchanged == 10);
    const auto report = update(tmp.path() / "idx", blog, "new-lexicon");
    CHECK(report.reanalysed);
    CHECK(report.changed == 10);
    CHECK(report.unchanged == 0);
    CHECK(report.added == 0);
    CHECK(report.deleted == 0);
    // As a build does: from the sources into a new database on the build's threads, not post by
    // post into a copy; the result is what a fresh build gives.
    CHECK(report.rebuilt);
    CHECK(report.to_json()["rebuilt_because"] == "analysis");
    build(tmp.path() / "fresh", blog);
    CHECK(content_of(current_database(tmp.path() / "idx")) ==
          content_of(current_database(tmp.path() / "fresh")));
    CHECK(update(tmp.path() / "idx", blog, "new-lexicon").unchanged == 10);
    // The mass-delete guard holds for such an update too.
    CHECK_THROWS_WITH(
        update(tmp.path() / "idx", blog_variant(tmp.path(), 3, false), "newer-lexicon"),
        Catch::Matchers::StartsWith("update_index(): the sources no longer have 3 of the 10"));
    CHECK(current_database(tmp.path() / "idx").get_doccount() == 10);
}

TEST_CASE("a refused update leaves current alone and frees its copy", "[index][generations][update]") {
    TempDir tmp;
    build(tmp.path() / "idx", blog);
    const auto variant = blog_variant(tmp.path(), 3, false);
    CHECK_THROWS_WITH(update(tmp.path() / "idx", variant),
                      Catch::Matchers::StartsWith("update_index(): the sources no longer have 3 of the 10"));
    IndexDirectory dir(tmp.path() / "idx");
    CHECK(dir.current()->number == 1);
    CHECK(std::filesystem::is_empty(tmp.path() / "idx" / "generations" / "000002.building"));
    CHECK(update(tmp.path() / "idx", variant, {}, 0.3).generation == 3);
    CHECK(current_database(tmp.path() / "idx").get_doccount() == 7);
}

TEST_CASE("update_index indexes every post afresh when the current generation has another schema",
          "[index][generations][update]") {
    TempDir tmp;
    const auto idx = tmp.path() / "idx";
    build(idx, blog);
    auto mark_old_schema = [&] { // as an older Fundus would have written it
        Xapian::WritableDatabase db(
            IndexDirectory::database_path(IndexDirectory(idx).current()->path).string(),
            Xapian::DB_OPEN);
        db.set_metadata(std::string(schema::meta_schema_version), "2");
        db.commit();
    };
    mark_old_schema();
    const auto report = update(idx, blog);
    CHECK(report.mode == "update");
    CHECK(report.rebuilt);
    CHECK(report.rebuilt_because == "schema");
    CHECK(report.base_generation == 1u);
    CHECK(report.generation == 2);
    CHECK(report.changed == 10);
    CHECK(report.added == 0);
    CHECK(report.deleted == 0);
    const auto db = current_database(idx);
    CHECK(db.get_doccount() == 10);
    CHECK(db.get_metadata(std::string(schema::meta_schema_version)) == schema::schema_version);
    CHECK_FALSE(
        db.get_metadata(std::string(schema::suggest_word) + "coworking\tCoworking").empty());
    CHECK(update(idx, blog).unchanged == 10); // and the next update is an ordinary one again

    SECTION("under the mass-delete guard") {
        mark_old_schema();
        const auto variant = blog_variant(tmp.path(), 3, false);
        CHECK_THROWS_WITH(
            update(idx, variant),
            Catch::Matchers::StartsWith("update_index(): the sources no longer have 3 of the 10"));
        CHECK(IndexDirectory(idx).current()->number == 3);
        const auto allowed = update(idx, variant, {}, 0.3);
        CHECK(allowed.rebuilt);
        CHECK(allowed.deleted == 3);
        CHECK(current_database(idx).get_doccount() == 7);
    }
}

TEST_CASE("WriterLock::running names the writer and the generation it writes", "[index][generations]") {
    TempDir tmp;
    CHECK_FALSE(WriterLock::running(tmp.path()));
    {
        WriterLock lock(tmp.path());
        IndexDirectory(tmp.path()).begin_generation();
        const auto writer = WriterLock::running(tmp.path());
        REQUIRE(writer);
        CHECK(writer->pid == ::getpid());
        CHECK(writer->building == 1u);
        CHECK(writer->since.size() == 20);
    }
    CHECK_FALSE(WriterLock::running(tmp.path()));
    WriterLock again(tmp.path()); // the probe never holds the lock
}

TEST_CASE("a build on several threads merges its shards into one database", "[index][generations]") {
    TempDir tmp;
    BuildOptions options;
    options.index_dir = tmp.path();
    options.inputs.push_back({blog, SourceFormat::automatic, {}});
    options.threads = 3;
    options.commit_every = 2;
    options.analysis_fingerprint = "f1";
    std::vector<std::string> stages;
    BuildCallbacks callbacks;
    callbacks.on_stage = [&](std::string_view stage, std::size_t) {
        if (stage != "commit")
            stages.emplace_back(stage);
    };
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    const auto report = build_index(options, analyzer, gazetteer(), callbacks);
    CHECK(report.documents == 10);
    CHECK(stages == std::vector<std::string>{"compact", "committed", "finished", "switched"});
    const auto db = current_database(tmp.path());
    CHECK(db.get_doccount() == 10);
    for (int i = 1; i <= 10; ++i)
        CHECK(db.get_termfreq("Qfx-" + std::string(i < 10 ? "0" : "") + std::to_string(i)) == 1);
    CHECK(db.get_metadata("fundus.analysis") == "f1");
    CHECK(db.get_spelling_suggestion("coworkng") == "coworking");
    CHECK_FALSE(std::filesystem::exists(IndexDirectory(tmp.path()).current()->path / "shards"));
    SECTION("and an update continues from the merged database") {
        const auto updated = update(tmp.path(), blog, "f1");
        CHECK(updated.unchanged == 10);
        CHECK(updated.documents == 10);
    }
}

TEST_CASE("a build writes small runs, merges them as they pile up, and ends with the same index",
          "[index][generations]") {
    // One document per run: each of the two workers writes more runs than it keeps open, so
    // merges happen on the way; the merged index must hold exactly what a one-thread build
    // writing a single run does.
    const auto corpus = fundus::testing::source_dir() / "data" / "corpus";
    fundus::analyzers::GermanAnalyzer analyzer(fundus::testing::resources());
    auto options_for = [&](const std::filesystem::path& dir, unsigned threads, std::size_t every) {
        BuildOptions options;
        options.index_dir = dir;
        options.inputs.push_back({corpus, SourceFormat::automatic, {}});
        options.threads = threads;
        options.commit_every = every;
        options.analysis_fingerprint = "f2";
        return options;
    };
    // Builds and returns the report and the number of runs the final merge read.
    auto build_counting_runs = [&](const BuildOptions& options) {
        std::size_t merged = 0;
        BuildCallbacks callbacks;
        callbacks.on_stage = [&](std::string_view stage, std::size_t n) {
            if (stage == "compact")
                merged = n;
        };
        auto report = build_index(options, analyzer, gazetteer(), callbacks);
        return std::pair{std::move(report), merged};
    };
    TempDir one, runs;
    const auto [single, single_runs] = build_counting_runs(options_for(one.path(), 1, 100000));
    CHECK(single_runs == 1);
    const auto [report, merged_runs] = build_counting_runs(options_for(runs.path(), 2, 1));
    REQUIRE(single.documents >= 100);
    CHECK(report.documents == single.documents);
    CHECK(merged_runs > 0);
    CHECK(merged_runs < report.documents); // without the merges: a run per document
    const auto a = current_database(one.path());
    const auto b = current_database(runs.path());
    CHECK(b.get_doccount() == a.get_doccount());
    CHECK(b.get_total_length() == a.get_total_length());
    std::size_t terms = 0, differ = 0;
    for (auto t = a.allterms_begin(); t != a.allterms_end(); ++t, ++terms)
        if (b.get_termfreq(*t) != t.get_termfreq() ||
            b.get_collection_freq(*t) != a.get_collection_freq(*t))
            ++differ;
    CHECK(terms > 1000);
    CHECK(differ == 0);
    std::size_t b_terms = 0;
    for (auto t = b.allterms_begin(); t != b.allterms_end(); ++t)
        ++b_terms;
    CHECK(b_terms == terms);
    auto spellings = [](const Xapian::Database& db) {
        std::vector<std::pair<std::string, Xapian::doccount>> words;
        for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w)
            words.emplace_back(*w, w.get_termfreq());
        return words;
    };
    const auto a_words = spellings(a);
    CHECK(a_words.size() > 1000);
    CHECK(spellings(b) == a_words);
    CHECK(b.get_metadata("fundus.analysis") == "f2");
    CHECK_FALSE(std::filesystem::exists(IndexDirectory(runs.path()).current()->path / "shards"));
}

} // namespace generations_test
