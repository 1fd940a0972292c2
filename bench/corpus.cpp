#include "corpus.h"

#include "fundus/error.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

#ifndef FUNDUS_BENCH_SOURCE_DIR
#define FUNDUS_BENCH_SOURCE_DIR "."
#endif

namespace fundus::bench {

namespace {

std::string read_file(const std::filesystem::path& file, const char* caller) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(std::string(caller) + ": cannot read " + file.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

XQuad load_xquad(const std::filesystem::path& file) {
    const std::string text = read_file(file, "load_xquad()");
    XQuad out;
    try {
        const auto root = nlohmann::json::parse(text);
        for (const auto& article : root.at("data")) {
            const std::string title = article.value("title", "");
            for (const auto& paragraph : article.at("paragraphs")) {
                const std::size_t index = out.paragraphs.size();
                out.paragraphs.push_back({title, paragraph.at("context").get<std::string>()});
                for (const auto& qa : paragraph.at("qas"))
                    out.questions.push_back({qa.at("id").get<std::string>(),
                                             qa.at("question").get<std::string>(), index});
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error("load_xquad(): " + file.string() + ": not SQuAD v1.1 JSON: " + e.what());
    }
    if (out.paragraphs.empty())
        throw Error("load_xquad(): " + file.string() + " has no paragraphs");
    return out;
}

std::vector<std::string> load_10kgnad_texts(const std::filesystem::path& file) {
    const std::string data = read_file(file, "load_10kgnad_texts()");
    std::vector<std::string> texts;
    std::size_t line = 1;
    std::size_t i = 0;
    // A record: label ';' field, where field is either 'quoted' ('' = ') or bare up to CRLF.
    while (i < data.size()) {
        const auto semicolon = data.find(';', i);
        if (semicolon == std::string::npos)
            throw Error("load_10kgnad_texts(): " + file.string() + ":" + std::to_string(line) +
                        ": no ';' after the label");
        i = semicolon + 1;
        std::string text;
        if (i < data.size() && data[i] == '\'') {
            ++i;
            for (;;) {
                if (i >= data.size())
                    throw Error("load_10kgnad_texts(): " + file.string() + ":" +
                                std::to_string(line) + ": unterminated quote");
                if (data[i] == '\'') {
                    if (i + 1 < data.size() && data[i + 1] == '\'') {
                        text += '\'';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (data[i] == '\n')
                    ++line;
                text += data[i++];
            }
        }
        const auto eol = data.find('\n', i);
        const std::size_t end = eol == std::string::npos ? data.size() : eol;
        std::string rest = data.substr(i, end - i);
        if (!rest.empty() && rest.back() == '\r')
            rest.pop_back();
        text += rest;
        texts.push_back(std::move(text));
        i = end + 1;
        ++line;
    }
    return texts;
}

std::filesystem::path default_corpora_dir() {
    if (const char* env = std::getenv("FUNDUS_CORPORA"); env != nullptr && *env != '\0')
        return env;
    return std::filesystem::path(FUNDUS_BENCH_SOURCE_DIR).parent_path() / "shared" / "corpora";
}

} // namespace fundus::bench
