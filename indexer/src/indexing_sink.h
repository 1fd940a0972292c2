// The RecordSink that writes valid posts into a generation's Xapian database (private to
// fundus_index), shared by build_index() and update_index(). Not thread-safe.
#pragma once

#include "fundus/index/document_builder.h"
#include "fundus/index/index_builder.h"
#include "fundus/index/readers.h"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace fundus::index::detail {

class ShardedBuild;

/// What a batch of documents changes in the database-wide word data, collected and given to
/// Xapian once a word: spelling frequencies (one add_spelling() call per occurrence costs a third
/// of the indexing time on long texts) and word-suggestion counts (schema::suggest_word metadata).
class WordChanges {
public:
    /// Counts a document's spelling words (each occurrence) and suggestion keys (each once), both
    /// moved from, as added, or as removed when `sign` is -1.
    void add(std::vector<std::string>& spelling, std::vector<std::string>& suggest, int sign = 1);
    /// add_spelling() / remove_spelling() and add_word_counts() of the net changes; then empty.
    void apply(Xapian::WritableDatabase& db);

private:
    std::unordered_map<std::string, std::int64_t> spelling_, suggest_;
};

/// The ids of `db`'s documents (their schema::id terms), sorted.
std::vector<std::string> document_ids(const Xapian::Database& db);

/// Compacts databases whose word-suggestion counts must add up (runs of a build): a
/// schema::suggest_word entry in several of them gets the sum; any other metadata the first's.
class SummingCompactor : public Xapian::Compactor {
public:
    std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                           const std::string tags[]) override;
};

class IndexingSink final : public RecordSink {
public:
    /// update: `db` is a copy of the current generation, analysed as now; a post replaces its
    /// document when its content hash differs, is added when new, and is left alone otherwise.
    IndexingSink(Xapian::WritableDatabase& db, DocumentBuilder& builder,
                 const BuildOptions& options, const BuildCallbacks& callbacks, BuildReport& report);
    /// build: valid posts go to `shards`, which writes them.
    IndexingSink(ShardedBuild& shards, DocumentBuilder& builder, const BuildOptions& options,
                 const BuildCallbacks& callbacks, BuildReport& report);

    /// Per-source counts go to the report's `sources` at end_source().
    void start_source(const std::filesystem::path& path);
    void end_source();

    void post(Post&& post, const SourceLocation& where) override;
    void problem(const RecordProblem& p) override;

    /// update: the ids in the database that no source gave, sorted.
    [[nodiscard]] std::vector<std::string> missing_ids() const;
    /// update: deletes the document with this id, its spelling data and word suggestions.
    void delete_document(const std::string& id);
    /// Commits (announced through on_stage("commit", n)).
    void commit();

private:
    struct Seen {
        std::uint32_t file = 0;
        std::size_t line = 0;
    };

    Xapian::WritableDatabase* db_; ///< null when shards_ writes
    ShardedBuild* shards_ = nullptr;
    DocumentBuilder& builder_;
    const BuildOptions& options_;
    const BuildCallbacks& callbacks_;
    BuildReport& report_;
    // Ids seen so far, with a file number instead of the file name: a million ids stay small.
    std::unordered_map<std::string, Seen> seen_;
    std::vector<std::string> files_;
    std::vector<std::string> spelling_;
    std::vector<std::string> suggest_;
    WordChanges word_changes_; ///< of the batch, applied at commit()
    std::size_t writes_since_commit_ = 0;
    std::size_t commits_ = 0;
    std::string source_path_;
    std::size_t indexed_in_source_ = 0;
    std::size_t rejected_in_source_ = 0;

    std::uint32_t file_number(const std::string& file);
    void write(const Post& post, Xapian::docid existing);
    /// Takes an old document's spelling words and word suggestions back out of the counts.
    void remove_words_of(const Xapian::Document& old);
    void record_problem(const RecordProblem& p);
    void after_write();
};

} // namespace fundus::index::detail
