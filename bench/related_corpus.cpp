#include "related_corpus.h"

#include "fundus/error.h"
#include "fundus/index/document_builder.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

namespace fundus::bench {

namespace {

constexpr std::size_t max_title_bytes = 150;

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("load_10kgnad_labelled(): cannot read " + file.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

std::vector<LabelledArticle> load_10kgnad_labelled(const std::filesystem::path& file) {
    const std::string data = read_all(file);
    std::vector<LabelledArticle> out;
    std::size_t line = 1;
    std::size_t i = 0;
    auto fail = [&](const std::string& what) {
        throw Error("load_10kgnad_labelled(): " + file.string() + ":" + std::to_string(line) +
                    ": " + what);
    };
    while (i < data.size()) {
        const auto semicolon = data.find(';', i);
        if (semicolon == std::string::npos)
            fail("no ';' after the label");
        LabelledArticle article;
        article.label = data.substr(i, semicolon - i);
        i = semicolon + 1;
        if (i < data.size() && data[i] == '\'') {
            for (++i;; ++i) {
                if (i >= data.size())
                    fail("unterminated quote");
                if (data[i] == '\'' && i + 1 < data.size() && data[i + 1] == '\'') {
                    article.text += '\'';
                    ++i;
                } else if (data[i] == '\'') {
                    ++i;
                    break;
                } else {
                    line += data[i] == '\n' ? 1 : 0;
                    article.text += data[i];
                }
            }
        }
        const auto eol = data.find('\n', i);
        const std::size_t end = eol == std::string::npos ? data.size() : eol;
        std::string rest = data.substr(i, end - i);
        if (!rest.empty() && rest.back() == '\r')
            rest.pop_back();
        article.text += rest;
        if (article.label.empty())
            fail("empty label");
        out.push_back(std::move(article));
        i = end + 1;
        ++line;
    }
    return out;
}

ArticleParts split_article(const std::string& text) {
    // The first ". ", "? " or "! " within the title's length ends the first sentence; without
    // one, the title is cut at the last space before the limit.
    std::size_t end = std::string::npos;
    for (std::size_t i = 0; i + 1 < text.size() && i < max_title_bytes; ++i)
        if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ') {
            end = i + 1;
            break;
        }
    if (end == std::string::npos) {
        end = text.size() <= max_title_bytes ? text.size() : text.rfind(' ', max_title_bytes);
        if (end == std::string::npos || end == 0)
            end = std::min(text.size(), max_title_bytes);
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            ++end;
    }
    ArticleParts parts{text.substr(0, end), end < text.size() ? text.substr(end) : ""};
    while (!parts.body.empty() && parts.body.front() == ' ')
        parts.body.erase(0, 1);
    return parts;
}

void build_10kgnad_index(const std::vector<LabelledArticle>& articles,
                         const std::filesystem::path& index_dir,
                         const analyzers::GermanAnalyzer& analyzer) {
    namespace schema = index::schema;
    index::WriterLock lock(index_dir);
    index::IndexDirectory dir(index_dir);
    auto [number, staging] = dir.begin_generation();
    {
        Xapian::WritableDatabase db(index::IndexDirectory::database_path(staging).string(),
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        db.set_metadata(std::string(schema::meta_schema_version),
                        std::string(schema::schema_version));
        index::DocumentBuilder builder(analyzer);
        std::vector<std::string> suggest_words;
        for (std::size_t i = 0; i < articles.size(); ++i) {
            const ArticleParts parts = split_article(articles[i].text);
            index::Post post;
            post.id = std::to_string(i);
            post.type = "post";
            post.title = parts.title;
            post.body = parts.body;
            db.add_document(builder.build(post, nullptr, &suggest_words));
        }
        index::count_word_suggestions(db, suggest_words);
        db.commit();
    }
    dir.publish(number, {{"generation", number},
                         {"documents", articles.size()},
                         {"built_at", "2026-01-01T00:00:00Z"},
                         {"mode", "bench/10kgnad"}});
}

BenchWorkDir::BenchWorkDir(const std::string& requested, const std::string& name) {
    if (!requested.empty()) {
        path_ = requested;
        std::filesystem::create_directories(path_);
        keep_ = true;
        return;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) == nullptr)
        throw Error(name + ": cannot create a temporary folder from " + pattern);
    path_ = pattern;
}

BenchWorkDir::~BenchWorkDir() {
    std::error_code ec;
    if (!keep_)
        std::filesystem::remove_all(path_, ec);
}

std::optional<Indexed10kGnad> index_10kgnad(const std::filesystem::path& corpora,
                                            const std::string& work, const std::string& tool) {
    const std::filesystem::path csv = corpora / "10kgnad" / "test.csv";
    if (!std::filesystem::exists(csv)) {
        std::cout << tool << ": skipped: " << csv.string() << " not found\n";
        return std::nullopt;
    }
    Indexed10kGnad out;
    out.articles = load_10kgnad_labelled(csv);
    out.work = std::make_unique<BenchWorkDir>(work, "fundus-" + tool);
    const auto paths = analyzers::AnalyzerResources::default_paths();
    out.resources = analyzers::AnalyzerResources::load(paths);
    out.gazetteer = std::make_shared<const index::Gazetteer>(
        index::Gazetteer::load(paths.data_dir / "regions"));
    out.index_dir = out.work->path() / "fundus";
    if (!std::filesystem::exists(out.index_dir / "current")) {
        std::cerr << tool << ": indexing " << out.articles.size() << " articles\n";
        build_10kgnad_index(out.articles, out.index_dir, analyzers::GermanAnalyzer(out.resources));
    }
    return out;
}

} // namespace fundus::bench
