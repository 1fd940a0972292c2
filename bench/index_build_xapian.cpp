// bench/index_build_xapian: the plain-Xapian peer of bench/index_build. Indexes the same JSON
// Lines (id, title, body) the way a Xapian user would without Fundus: TermGenerator with
// Stem("german") and its default strategy (STEM_SOME), the title with prefix S and unprefixed,
// the body after a position gap, the body as the document data and the id as a Q term. With
// --threads N, N threads each write every N-th record into a database of their own, and the
// databases are merged into --out with Xapian's compaction, as fundus-index does with its runs;
// like fundus-index, each thread writes its postings out every --flush-every documents.
// --no-positions and --no-termlist leave out what Fundus needs (phrases, related posts, updates)
// to show what Xapian's write path costs at the least: the floor under any Xapian-based build.
#include "tool_main.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Options {
    std::string input, out;
    unsigned threads = 1;
    std::size_t flush_every = 1000;
    bool positions = true, termlist = true;
};

/// Indexes the records `first`, `first + step`, ... of the input into a new database at `path`;
/// returns how many.
std::size_t index_part(const Options& o, const std::string& path, std::size_t first,
                       std::size_t step) {
    int flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS;
    if (!o.termlist)
        flags |= Xapian::DB_NO_TERMLIST;
    if (step > 1)
        flags |= Xapian::DB_NO_SYNC; // scratch: the merged database is synced
    Xapian::WritableDatabase db(path, flags);
    Xapian::TermGenerator generator;
    generator.set_stemmer(Xapian::Stem("german"));
    std::ifstream in(o.input);
    if (!in)
        throw std::runtime_error("cannot read " + o.input);
    std::string line;
    std::size_t n = 0, count = 0, line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || n++ % step != first)
            continue;
        nlohmann::json record;
        std::string title, body, id;
        try {
            record = nlohmann::json::parse(line);
            title = record.at("title").get<std::string>();
            body = record.at("body").get<std::string>();
            id = record.at("id").get<std::string>();
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error(o.input + ":" + std::to_string(line_no) + ": " + e.what());
        }
        Xapian::Document doc;
        generator.set_document(doc);
        if (o.positions) {
            generator.index_text(title, 1, "S");
            generator.index_text(title);
            generator.increase_termpos();
            generator.index_text(body);
        } else {
            generator.index_text_without_positions(title, 1, "S");
            generator.index_text_without_positions(title);
            generator.index_text_without_positions(body);
        }
        doc.set_data(body);
        doc.add_boolean_term("Q" + id);
        db.add_document(doc);
        if (++count % o.flush_every == 0)
            db.commit();
    }
    db.commit();
    return count;
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "Indexes JSON Lines with plain Xapian (TermGenerator, German stemmer): the peer of "
        "bench/index_build."};
    Options o;
    app.add_option("--input", o.input, "JSON Lines file (id, title, body)")->required();
    app.add_option("--out", o.out, "database folder (overwritten)")->required();
    app.add_option("--threads", o.threads, "threads, each writing a database; merged at the end")
        ->check(CLI::Range(1u, 64u));
    app.add_option("--flush-every", o.flush_every,
                   "documents between writes of the postings (fundus-index: 1000); Xapian's own "
                   "default is 10000")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 30));
    app.add_flag("!--no-positions", o.positions, "index without positions (no phrase search)");
    app.add_flag("!--no-termlist", o.termlist,
                 "create the databases without termlists (no related posts, no updates)");
    CLI11_PARSE(app, argc, argv);
    return fundus::bench::tool_main("index_build_xapian", [&] {
        const auto start = std::chrono::steady_clock::now();
        std::filesystem::remove_all(o.out);
        std::size_t documents = 0;
        if (o.threads == 1) {
            documents = index_part(o, o.out, 0, 1);
        } else {
            std::vector<std::string> parts;
            std::vector<std::size_t> counts(o.threads);
            std::vector<std::exception_ptr> errors(o.threads);
            std::vector<std::thread> workers;
            for (unsigned i = 0; i < o.threads; ++i)
                parts.push_back(o.out + ".part" + std::to_string(i));
            for (unsigned i = 0; i < o.threads; ++i)
                workers.emplace_back([&, i] {
                    try {
                        counts[i] = index_part(o, parts[i], i, o.threads);
                    } catch (...) {
                        errors[i] = std::current_exception();
                    }
                });
            for (auto& w : workers)
                w.join();
            for (const auto& e : errors)
                if (e) {
                    for (const auto& p : parts)
                        std::filesystem::remove_all(p);
                    std::rethrow_exception(e);
                }
            const auto merge_start = std::chrono::steady_clock::now();
            Xapian::Database all;
            for (const auto& p : parts)
                all.add_database(Xapian::Database(p));
            all.compact(o.out, Xapian::DB_BACKEND_GLASS);
            for (std::size_t c : counts)
                documents += c;
            for (const auto& p : parts)
                std::filesystem::remove_all(p);
            std::fprintf(
                stderr, "index_build_xapian: merge %.1f s\n",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - merge_start)
                    .count());
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("{\"documents\": %zu, \"seconds\": %.3f}\n", documents, seconds);
        return 0;
    });
}
