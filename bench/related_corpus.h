// The 10kGNAD news articles (../shared/corpora/10kgnad/test.csv) with their classes, and a Fundus
// index of them for the discovery benchmarks (related_quality, suggest_latency). Not thread-safe:
// one build at a time per index directory.
#pragma once

#include "fundus/analyzers/german_analyzer.h"
#include "fundus/index/gazetteer.h"

#include <memory>
#include <optional>

#include <filesystem>
#include <string>
#include <vector>

namespace fundus::bench {

/// One article and its class ("Sport", "Web", ... nine in all).
struct LabelledArticle {
    std::string label;
    std::string text; ///< teaser + body, no title
};

/// Reads the `label;text` CSV (`'`-quoted, `''` inside quotes, CRLF, no header). Throws
/// fundus::Error naming the file and line when it is malformed. (corpus.h's loader keeps only
/// the texts.)
std::vector<LabelledArticle> load_10kgnad_labelled(const std::filesystem::path& file);

/// The article as a post: its first sentence (at most about 150 bytes) as the title, the rest
/// as the body; id = its line number from 0, type "post", no topics or region (10kGNAD has none).
struct ArticleParts {
    std::string title;
    std::string body;
};
ArticleParts split_article(const std::string& text);

/// Builds a Fundus index generation of `articles` (post i has id "i") in `index_dir` through
/// DocumentBuilder and IndexDirectory, as fundus-index does.
void build_10kgnad_index(const std::vector<LabelledArticle>& articles,
                         const std::filesystem::path& index_dir,
                         const analyzers::GermanAnalyzer& analyzer);

/// A work folder: the one asked for (kept), or a fresh temporary one removed on destruction.
class BenchWorkDir {
public:
    BenchWorkDir(const std::string& requested, const std::string& name);
    ~BenchWorkDir();
    BenchWorkDir(const BenchWorkDir&) = delete;
    BenchWorkDir& operator=(const BenchWorkDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    bool keep_ = false;
};

/// 10kGNAD indexed with the Fundus analysis in a work folder, with what a SearchService needs.
struct Indexed10kGnad {
    std::vector<LabelledArticle> articles;
    std::unique_ptr<BenchWorkDir> work; ///< holds `index_dir` (and whatever else the tool adds)
    std::shared_ptr<const analyzers::AnalyzerResources> resources;
    std::shared_ptr<const index::Gazetteer> gazetteer;
    std::filesystem::path index_dir;
};

/// Reads `corpora`/10kgnad/test.csv and indexes it in `work`/fundus (a temporary folder unless
/// `work` names one; an index already there is reused), telling stderr as `tool`. Nothing, after
/// printing "TOOL: skipped: … not found" on stdout, when the corpus is not there.
std::optional<Indexed10kGnad> index_10kgnad(const std::filesystem::path& corpora,
                                            const std::string& work, const std::string& tool);

} // namespace fundus::bench
