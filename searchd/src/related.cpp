#include "related.h"

#include "fundus/index/document_builder.h"
#include "fundus/index/schema.h"
#include "fundus/searchd/snippet.h"
#include "hits.h"
#include "value_table.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <unordered_set>

namespace fundus::searchd {

namespace {

namespace schema = index::schema;

constexpr std::size_t min_content_term = 3; // bytes
/// Over shards, Xapian approximates the ESet's term frequencies unless told not to: exact ones
/// make related posts the same as on one index (one index: no difference, no cost).
constexpr int exact_termfreq = Xapian::Enquire::USE_EXACT_TERMFREQ;

bool has_digit(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> string_list(const nlohmann::json& data, const char* key) {
    std::vector<std::string> out;
    if (auto it = data.find(key); it != data.end() && it->is_array())
        for (const auto& v : *it)
            if (v.is_string())
                out.push_back(v.get<std::string>());
    return out;
}

/// What the post is about besides its words.
struct PostFacts {
    std::vector<std::string> topics;
    std::string state;
    std::string district;

    static PostFacts of(const nlohmann::json& data) {
        PostFacts f;
        f.topics = string_list(data, "topics");
        if (auto region = data.find("region"); region != data.end() && region->is_object()) {
            f.state = region->value("state", "");
            f.district = region->value("district", "");
        }
        return f;
    }
};

/// The terms related posts leave out (stop words', infinitives the post has only as verb forms):
/// stored by the indexer (schema::slot_stop_terms); for an index written before that, what the
/// analyzer makes of the post's text now.
std::unordered_set<std::string> skipped_terms(WorkerContext& ctx, const Xapian::Document& doc,
                                              const nlohmann::json& data) {
    std::unordered_set<std::string> out;
    const std::string stored = doc.get_value(schema::slot_stop_terms);
    for (std::size_t from = 0; from < stored.size();) {
        auto to = stored.find(schema::multi_value_separator, from);
        if (to == std::string::npos)
            to = stored.size();
        out.emplace(stored, from, to - from);
        from = to + 1;
    }
    if (!out.empty())
        return out;
    index::RelatedSkips skips;
    for (const char* field : {"title", "teaser", "body"})
        skips.note(ctx.analyzer.analyze(data.value(field, std::string())));
    const auto terms = skips.terms();
    return {terms.begin(), terms.end()};
}

/// The term frequencies a decider looked up, for the postings budget.
using TermFrequencies = std::unordered_map<std::string, Xapian::doccount>;

/// Accepts the post's own words: no prefixed terms (filters, ids, suggestion data, compound
/// parts), no stop words or infinitives of verb forms only (skipped_terms()), no numbers or one-
/// and two-letter words, and no term that no other post has, which however distinctive cannot find
/// another post. Keeps the term frequencies it looked up in `frequencies`.
class ContentTermDecider : public Xapian::ExpandDecider {
public:
    ContentTermDecider(const Xapian::Database& db, std::unordered_set<std::string> skipped,
                       TermFrequencies& frequencies)
        : db_(db), skipped_(std::move(skipped)), frequencies_(frequencies) {}

    bool operator()(const std::string& term) const override {
        if (term.size() < min_content_term || (term[0] >= 'A' && term[0] <= 'Z') ||
            has_digit(term) || skipped_.contains(term))
            return false;
        const Xapian::doccount frequency = db_.get_termfreq(term);
        frequencies_[term] = frequency;
        return frequency > 1;
    }

private:
    const Xapian::Database& db_;
    std::unordered_set<std::string> skipped_; ///< skipped_terms()
    TermFrequencies& frequencies_;
};

/// Every unprefixed term (RelatedTuning::filter_terms off, a comparison in bench/related_quality).
class UnprefixedDecider : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
    }
};

/// The terms of `eset` that a candidate need not have, so that the others occur in at most
/// `max_postings` posts together: the most frequent first, which are also the least distinctive.
/// Matching an OR of terms costs about one step per posting, whatever the page size: Xapian 1.4
/// does not skip the postings of a frequent term in a long OR (on a million law paragraphs a top 1
/// cost as much as a top 40 even with the 40th weight given as a cutoff, and 400,000 postings took
/// 60-110 ms).
std::unordered_set<std::string> over_budget(const Xapian::ESet& eset,
                                            const TermFrequencies& frequencies,
                                            Xapian::doccount max_postings) {
    if (max_postings == 0)
        return {};
    std::vector<std::pair<Xapian::doccount, std::string>> by_frequency;
    double postings = 0;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        const auto found = frequencies.find(*it);
        const Xapian::doccount frequency = found == frequencies.end() ? 0 : found->second;
        by_frequency.emplace_back(frequency, *it);
        postings += frequency;
    }
    std::sort(by_frequency.begin(), by_frequency.end());
    std::unordered_set<std::string> out;
    while (postings > max_postings && !by_frequency.empty()) {
        postings -= by_frequency.back().first;
        out.insert(std::move(by_frequency.back().second));
        by_frequency.pop_back();
    }
    return out;
}

/// What a post's distinctive terms make: `query`, each term weighted by its ESet weight, where a
/// match must have one of the rarer ones (RelatedTuning::max_postings); and when some terms were
/// too frequent for that, `any`, which matches a post with any of them, to fill a list the rarer
/// ones leave short.
struct TermsQueries {
    Xapian::Query query;
    Xapian::Query any;
};

/// The post's distinctive terms as queries (TermsQueries). `docid` is the post's id in ctx.db:
/// over several databases Document::get_docid() is the id in its shard.
TermsQueries terms_query(WorkerContext& ctx, Xapian::docid docid, const Xapian::Document& doc,
                         const nlohmann::json& data, const RelatedTuning& tuning) {
    Xapian::Enquire enquire(ctx.db);
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::ESet eset;
    TermFrequencies frequencies;
    if (tuning.filter_terms) {
        const ContentTermDecider decider(ctx.db, skipped_terms(ctx, doc, data), frequencies);
        eset = enquire.get_eset(tuning.terms, rset, exact_termfreq, &decider);
    } else {
        const UnprefixedDecider decider;
        eset = enquire.get_eset(tuning.terms, rset, exact_termfreq, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it)
            frequencies[*it] = ctx.db.get_termfreq(*it);
    }
    if (eset.empty())
        return {};
    const auto frequent = over_budget(eset, frequencies, tuning.max_postings);
    const double top = eset.begin().get_weight();
    std::vector<Xapian::Query> distinctive, common;
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        const double scale = tuning.filter_terms && top > 0 ? it.get_weight() / top : 1.0;
        (frequent.contains(*it) ? common : distinctive)
            .emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), std::max(scale, 0.0));
    }
    TermsQueries out;
    if (common.empty()) {
        out.query = Xapian::Query(Xapian::Query::OP_OR, distinctive.begin(), distinctive.end());
        return out;
    }
    const Xapian::Query frequent_ones(Xapian::Query::OP_OR, common.begin(), common.end());
    if (!distinctive.empty())
        out.query = Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(Xapian::Query::OP_OR, distinctive.begin(), distinctive.end()),
            frequent_ones);
    distinctive.insert(distinctive.end(), common.begin(), common.end());
    out.any = Xapian::Query(Xapian::Query::OP_OR, distinctive.begin(), distinctive.end());
    return out;
}

/// Restricts `q` to other posts of the wanted types.
Xapian::Query restricted(Xapian::Query q, const std::string& id_term,
                         const std::vector<std::string>& types) {
    q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, Xapian::Query(id_term));
    if (types.empty())
        return q;
    std::vector<Xapian::Query> wanted;
    for (const auto& t : types)
        wanted.emplace_back(std::string(schema::type) + schema::boolean_key(t));
    return {Xapian::Query::OP_FILTER, q,
            Xapian::Query(Xapian::Query::OP_OR, wanted.begin(), wanted.end())};
}

/// How much of the post's topics and region a candidate shares, as a score bonus.
/// `doc`'s value in `slot`, from the view's value table when it has one.
std::string value_of(const WorkerContext& ctx, const Xapian::Document& doc, Xapian::valueno slot) {
    const ValueTable* table = ctx.generation->values.get();
    return table ? table->get(doc, slot) : doc.get_value(slot);
}

double shared_bonus(const WorkerContext& ctx, const PostFacts& post, const Xapian::Document& doc,
                    const RelatedTuning& tuning) {
    double bonus = 0;
    if (!post.topics.empty()) {
        const std::string topics = value_of(ctx, doc, schema::slot_topics);
        std::size_t shared = 0;
        for (const auto& t : post.topics) {
            std::size_t from = 0;
            while (from <= topics.size()) {
                auto to = topics.find(schema::multi_value_separator, from);
                if (to == std::string::npos)
                    to = topics.size();
                if (topics.compare(from, to - from, t) == 0) {
                    ++shared;
                    break;
                }
                from = to + 1;
            }
        }
        bonus += tuning.topic_weight * static_cast<double>(shared) /
                 static_cast<double>(post.topics.size());
    }
    if (!post.district.empty() && value_of(ctx, doc, schema::slot_district) == post.district)
        bonus += tuning.district_weight;
    if (!post.state.empty() && value_of(ctx, doc, schema::slot_state) == post.state)
        bonus += tuning.state_weight;
    return bonus;
}

struct RelatedPost {
    Xapian::docid docid = 0; ///< in ctx.db (Document::get_docid() is the shard's id)
    Xapian::Document doc;
    double score = 0;
    std::string date;
};

bool listed(const std::vector<RelatedPost>& candidates, Xapian::docid id) {
    return std::any_of(candidates.begin(), candidates.end(),
                       [&](const RelatedPost& c) { return c.docid == id; });
}

/// `extra`, best first (by score, then the newest), appended to `candidates` up to `size` posts;
/// `below`: each scored below the one before it (1 for the first of an empty list).
void append(std::vector<RelatedPost> extra, std::size_t size, bool below,
            std::vector<RelatedPost>& candidates) {
    std::stable_sort(extra.begin(), extra.end(), [](const RelatedPost& a, const RelatedPost& b) {
        return a.score != b.score ? a.score > b.score : a.date > b.date;
    });
    for (auto& c : extra) {
        if (candidates.size() >= size)
            break;
        if (below)
            c.score =
                std::min(c.score, 0.999 * (candidates.empty() ? 1.0 : candidates.back().score));
        candidates.push_back(std::move(c));
    }
}

/// The best matches of `text` (the post's terms) not listed yet, ranked by their weight relative
/// to the best one plus what they share with the post (shared_bonus), after the candidates there
/// are.
void add_text_matches(WorkerContext& ctx, const Xapian::Query& text, const PostFacts& facts,
                      const std::string& id_term, const RelatedRequest& request,
                      const RelatedTuning& tuning, std::vector<RelatedPost>& candidates) {
    Xapian::Enquire enquire(ctx.db);
    enquire.set_query(restricted(text, id_term, request.types));
    const Xapian::MSet mset =
        enquire.get_mset(0, std::max<unsigned>(tuning.candidates, request.size));
    const double top = mset.empty() ? 1.0 : std::max(mset.begin().get_weight(), 1e-9);
    std::vector<RelatedPost> found;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (listed(candidates, *it))
            continue;
        Xapian::Document other = it.get_document();
        const double score = it.get_weight() / top + shared_bonus(ctx, facts, other, tuning);
        found.push_back({*it, other, score, value_of(ctx, other, schema::slot_date)});
    }
    // The first matches keep their scores; filling ones come after the rarer terms' matches.
    const bool below = !candidates.empty();
    append(std::move(found), request.size, below, candidates);
}

/// Posts sharing a topic or the region, for a post whose words find too few others.
void add_by_facts(WorkerContext& ctx, const PostFacts& facts, const std::string& id_term,
                  const RelatedRequest& request, const RelatedTuning& tuning,
                  std::vector<RelatedPost>& candidates) {
    std::vector<Xapian::Query> shared;
    for (const auto& t : facts.topics)
        shared.emplace_back(std::string(schema::topic) + schema::boolean_key(t));
    if (!facts.district.empty())
        shared.emplace_back(std::string(schema::district) + schema::boolean_key(facts.district));
    if (!facts.state.empty())
        shared.emplace_back(std::string(schema::state) + schema::boolean_key(facts.state));
    if (shared.empty())
        return;
    Xapian::Enquire enquire(ctx.db);
    enquire.set_query(restricted(Xapian::Query(Xapian::Query::OP_OR, shared.begin(), shared.end()),
                                 id_term, request.types));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // The newest first means the date of every post sharing a fact: from the value table a cheap
    // array read; without one (shards) a value read each, so past max_postings (a topic of 44,000
    // law paragraphs: 30 ms) the first ones Xapian finds instead.
    const ValueTable* table = ctx.generation->values.get();
    std::optional<TableDateKey> date_key;
    double postings = 0;
    for (const auto& q : shared)
        for (auto t = q.get_terms_begin(); t != q.get_terms_end(); ++t)
            postings += ctx.db.get_termfreq(*t);
    if (table) {
        date_key.emplace(*table);
        enquire.set_sort_by_key(&*date_key, true);
    } else if (tuning.max_postings == 0 || postings <= tuning.max_postings) {
        enquire.set_sort_by_value(schema::slot_date, true);
    }
    const Xapian::MSet mset =
        enquire.get_mset(0, std::max<unsigned>(tuning.candidates, request.size));
    std::vector<RelatedPost> extra;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        if (listed(candidates, *it))
            continue;
        Xapian::Document doc = it.get_document();
        const double bonus = shared_bonus(ctx, facts, doc, tuning);
        extra.push_back({*it, doc, bonus, value_of(ctx, doc, schema::slot_date)});
    }
    append(std::move(extra), request.size, true, candidates);
}

/// The start of `text` (white space runs folded) cut to at most `max_bytes` at a space,
/// HTML-escaped, with "…" where it was cut.
std::string plain_snippet(std::string_view text, std::size_t max_bytes) {
    std::string start;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (space && (start.empty() || start.back() == ' '))
            continue;
        start += space ? ' ' : c;
        if (start.size() > max_bytes)
            break;
    }
    if (start.size() <= max_bytes)
        return html_escape(start);
    std::size_t cut = start.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut == 0) {
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(start[cut]) & 0xC0) == 0x80)
            --cut;
    }
    start.resize(cut);
    return html_escape(start) + "…";
}

/// The hit of a candidate, shaped like a search hit; its snippet is the start of the teaser (or
/// of the body), so that no text is analysed for it.
Hit hit_of(const RelatedPost& c, analyzers::GermanAnalyzer& analyzer, std::size_t snippet_bytes) {
    auto data = nlohmann::json::parse(c.doc.get_data(), nullptr, false);
    if (!data.is_object())
        return make_hit(c.doc, c.score, analyzer, {}, snippet_bytes);
    const std::string teaser = data.value("teaser", std::string());
    const std::string body = data.value("body", std::string());
    data["teaser"] = "";
    data["body"] = "";
    Xapian::Document light;
    light.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    Hit hit = make_hit(light, c.score, analyzer, {}, snippet_bytes);
    hit.teaser = teaser;
    hit.snippet = plain_snippet(teaser.empty() ? body : teaser, snippet_bytes);
    return hit;
}

} // namespace

Outcome<RelatedResult> find_related(WorkerContext& ctx, const RelatedRequest& request,
                                    const RelatedTuning& tuning, std::size_t snippet_bytes) {
    const std::string id_term = std::string(schema::id) + request.id;
    const auto posting = ctx.db.postlist_begin(id_term);
    if (posting == ctx.db.postlist_end(id_term))
        return Outcome<RelatedResult>::failure(
            {404, "not_found", "no post with id '" + request.id + "'", "id"});
    const Xapian::Document doc = ctx.db.get_document(*posting);
    const auto data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& post = data.is_object() ? data : empty;
    const PostFacts facts = PostFacts::of(post);

    std::vector<RelatedPost> candidates;
    const TermsQueries terms = terms_query(ctx, *posting, doc, post, tuning);
    if (!terms.query.empty())
        add_text_matches(ctx, terms.query, facts, id_term, request, tuning, candidates);
    if (candidates.size() < request.size)
        add_by_facts(ctx, facts, id_term, request, tuning, candidates);
    // Still too few (a post without topics and region whose rarer terms find too few): posts with
    // only its frequent terms. One more match, over every post with a frequent term: the rare
    // list pays for it, not every list.
    if (candidates.size() < request.size && !terms.any.empty())
        add_text_matches(ctx, terms.any, facts, id_term, request, tuning, candidates);

    RelatedResult result;
    result.id = request.id;
    for (const auto& c : candidates)
        result.hits.push_back(hit_of(c, ctx.analyzer, snippet_bytes));
    return Outcome<RelatedResult>::success(std::move(result));
}

} // namespace fundus::searchd
