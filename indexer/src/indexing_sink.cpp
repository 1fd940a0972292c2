#include "indexing_sink.h"

#include "fundus/index/schema.h"
#include "fundus/index/shards.h"
#include "sharded_build.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace fundus::index::detail {

namespace {

std::string id_term(const std::string& id) {
    std::string term(schema::id);
    term += id;
    return term;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
    std::vector<std::string> out;
    if (const auto it = j.find(key); it != j.end() && it->is_array())
        for (const auto& v : *it)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

/// The Post a document's stored data describes (see schema.h), as far as its spelling words and
/// word suggestions need it.
Post post_from_stored(const std::string& data) {
    Post post;
    const auto j = nlohmann::json::parse(data, nullptr, false);
    if (!j.is_object())
        return post;
    post.id = j.value("id", "");
    post.title = j.value("title", "");
    post.teaser = j.value("teaser", "");
    post.body = j.value("body", "");
    post.headings = strings(j, "headings");
    post.tags = strings(j, "tags");
    post.topics = strings(j, "topics"); // their words and the places' are suggestions too
    if (const auto region = j.find("region"); region != j.end() && region->is_object()) {
        post.region.state = region->value("state", "");
        post.region.district = region->value("district", "");
        post.region.municipality = region->value("municipality", "");
    }
    return post;
}

/// The entries of `counts` sorted by word, moved out (`counts` is left empty).
std::vector<std::pair<std::string, std::int64_t>>
take_sorted(std::unordered_map<std::string, std::int64_t>& counts) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    out.reserve(counts.size());
    while (!counts.empty()) {
        auto node = counts.extract(counts.begin());
        out.emplace_back(std::move(node.key()), node.mapped());
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

void WordChanges::add(std::vector<std::string>& spelling, std::vector<std::string>& suggest,
                      int sign) {
    for (auto& word : spelling)
        spelling_[std::move(word)] += sign;
    for (auto& key : suggest)
        suggest_[std::move(key)] += sign;
}

void WordChanges::apply(Xapian::WritableDatabase& db) {
    // In alphabetical order: Xapian holds a commit's spelling changes in ordered maps (of the
    // words, and of word sets by fragment), where a word in order is inserted next to the previous
    // one, in memory already cached (the 105,000 words of 20,000 law sections on one thread: 2.6 s
    // in hash order, 1.05 s sorted).
    for (const auto& [word, delta] : take_sorted(spelling_)) {
        if (delta > 0)
            db.add_spelling(word, static_cast<Xapian::termcount>(delta));
        else if (delta < 0)
            db.remove_spelling(word, static_cast<Xapian::termcount>(-delta));
    }
    add_word_counts(db, take_sorted(suggest_));
}

std::string SummingCompactor::resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                                         const std::string tags[]) {
    // Xapian 1.4's glass compactor passes the table's key, with the two bytes that mark user
    // metadata in front of the key that set_metadata() was given.
    std::string_view user_key = key;
    if (user_key.starts_with(std::string_view("\0\xc0", 2)))
        user_key.remove_prefix(2);
    if (!user_key.starts_with(schema::suggest_word))
        return tags[0];
    std::uint64_t sum = 0;
    for (size_t i = 0; i < num_tags; ++i)
        sum += schema::suggest_count(tags[i]);
    return std::to_string(sum);
}

IndexingSink::IndexingSink(Xapian::WritableDatabase& db, DocumentBuilder& builder,
                           const BuildOptions& options, const BuildCallbacks& callbacks,
                           BuildReport& report)
    : db_(&db), builder_(builder), options_(options), callbacks_(callbacks), report_(report) {}

IndexingSink::IndexingSink(ShardedBuild& shards, DocumentBuilder& builder,
                           const BuildOptions& options, const BuildCallbacks& callbacks,
                           BuildReport& report)
    : db_(nullptr), shards_(&shards), builder_(builder), options_(options), callbacks_(callbacks),
      report_(report) {}

void IndexingSink::start_source(const std::filesystem::path& path) {
    source_path_ = path.string();
    indexed_in_source_ = rejected_in_source_ = 0;
}

void IndexingSink::end_source() {
    report_.sources.push_back(
        {{"path", source_path_}, {"indexed", indexed_in_source_}, {"rejected", rejected_in_source_}});
}

std::uint32_t IndexingSink::file_number(const std::string& file) {
    if (files_.empty() || files_.back() != file)
        files_.push_back(file);
    return static_cast<std::uint32_t>(files_.size() - 1);
}

void IndexingSink::post(Post&& post, const SourceLocation& where) {
    if (options_.shards > 1 && shard_of(post.id, options_.shards) != options_.shard)
        return;
    auto [it, inserted] = seen_.try_emplace(post.id, Seen{file_number(where.file), where.line});
    if (!inserted) {
        record_problem({where, "id",
                        "duplicate of " + files_[it->second.file] + ":" +
                            std::to_string(it->second.line),
                        false});
        return;
    }
    ++report_.indexed;
    ++indexed_in_source_;
    if (shards_ != nullptr) {
        shards_->add(std::move(post));
        ++report_.added;
        if (callbacks_.on_progress)
            callbacks_.on_progress(report_.indexed);
        return;
    }
    Xapian::docid existing = 0;
    const std::string term = id_term(post.id);
    if (auto pl = db_->postlist_begin(term); pl != db_->postlist_end(term))
        existing = *pl;
    if (existing != 0) {
        const std::string hash = DocumentBuilder::content_hash(DocumentBuilder::stored_data(post));
        if (db_->get_document(existing).get_value(schema::slot_hash) == hash) {
            ++report_.unchanged;
            if (callbacks_.on_progress)
                callbacks_.on_progress(report_.indexed);
            return;
        }
    }
    write(post, existing);
    if (callbacks_.on_progress)
        callbacks_.on_progress(report_.indexed);
}

void IndexingSink::write(const Post& post, Xapian::docid existing) {
    if (existing != 0)
        remove_words_of(db_->get_document(existing));
    spelling_.clear();
    suggest_.clear();
    Xapian::Document doc =
        builder_.build(post, options_.spelling ? &spelling_ : nullptr, &suggest_);
    if (existing != 0) {
        db_->replace_document(existing, doc);
        ++report_.changed;
    } else {
        db_->add_document(doc);
        ++report_.added;
    }
    word_changes_.add(spelling_, suggest_);
    after_write();
}

void IndexingSink::remove_words_of(const Xapian::Document& old) {
    // Spelling frequencies count every occurrence added and word suggestions every document; take
    // the old document's back out so that words of deleted or rewritten posts stop being offered.
    spelling_.clear();
    suggest_.clear();
    builder_.build(post_from_stored(old.get_data()), options_.spelling ? &spelling_ : nullptr,
                   &suggest_);
    word_changes_.add(spelling_, suggest_, -1);
}

void IndexingSink::after_write() {
    if (++writes_since_commit_ >= options_.commit_every)
        commit();
}

void IndexingSink::commit() {
    if (db_ == nullptr)
        return; // the shards commit themselves
    if (callbacks_.on_stage)
        callbacks_.on_stage("commit", commits_ + 1);
    word_changes_.apply(*db_);
    db_->commit();
    ++commits_;
    writes_since_commit_ = 0;
}

void IndexingSink::problem(const RecordProblem& p) {
    if (options_.shards > 1 && options_.shard != 0)
        return; // shard 0 reports the problems of the records
    record_problem(p);
}

void IndexingSink::record_problem(const RecordProblem& p) {
    if (p.warning) {
        ++report_.warnings;
    } else {
        ++report_.rejected;
        ++rejected_in_source_;
    }
    report_.problems.push_back(p);
    if (callbacks_.on_problem)
        callbacks_.on_problem(p);
}

std::vector<std::string> document_ids(const Xapian::Database& db) {
    std::vector<std::string> ids;
    const std::string prefix(schema::id);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
        ids.push_back((*t).substr(prefix.size()));
    return ids; // the term list is sorted, and so are ids behind one prefix
}

std::vector<std::string> IndexingSink::missing_ids() const {
    std::vector<std::string> missing = document_ids(*db_);
    std::erase_if(missing, [&](const std::string& id) { return seen_.contains(id); });
    return missing;
}

void IndexingSink::delete_document(const std::string& id) {
    const std::string term = id_term(id);
    auto pl = db_->postlist_begin(term);
    if (pl == db_->postlist_end(term))
        return;
    const Xapian::docid docid = *pl;
    remove_words_of(db_->get_document(docid));
    db_->delete_document(docid);
    ++report_.deleted;
    report_.deleted_ids.push_back(id);
    after_write();
}

} // namespace fundus::index::detail
