#include "fundus/searchd/search_service.h"

#include "facets.h"
#include "generation_cache.h"
#include "fundus/error.h"
#include "fundus/index/generations.h"
#include "fundus/index/schema.h"
#include "fundus/searchd/snippet.h"
#include "hits.h"
#include "places.h"
#include "query_builder.h"
#include "related.h"
#include "suggest.h"
#include "synonyms.h"
#include "value_table.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>

namespace fundus::searchd {

namespace schema = index::schema;

namespace {

/// In the any-word fallback of a keyword query, a post with all its words but one gets that
/// match's weight again this many times: a tier above the posts with fewer of the words, which
/// stay in the list below them.
constexpr double all_but_one_boost = 10.0;

enum class Facet { topic, region, district, type, year };

Xapian::Query any_of(std::string_view prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const auto& v : values)
        terms.emplace_back(std::string(prefix) + schema::boolean_key(v));
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/// The boolean filter of a request, without the facet `skip` (for multi-select counts).
std::optional<Xapian::Query> filter_query(const SearchRequest& r, std::optional<Facet> skip) {
    std::vector<Xapian::Query> parts;
    auto add = [&](Facet f, std::string_view prefix, const std::vector<std::string>& values) {
        if (!values.empty() && skip != f)
            parts.push_back(any_of(prefix, values));
    };
    add(Facet::topic, schema::topic, r.topics);
    add(Facet::region, schema::state, r.regions);
    add(Facet::district, schema::district, r.districts);
    add(Facet::type, schema::type, r.types);
    add(Facet::year, schema::year, r.years);
    if (!r.from.empty() || !r.to.empty())
        parts.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::slot_date,
                           r.from.empty() ? std::string("0000-00-00") : r.from,
                           r.to.empty() ? std::string("9999-99-99") : r.to);
    if (parts.empty())
        return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

Xapian::Query combine(const Xapian::Query& text, const Xapian::Query& exclude,
                      const std::optional<Xapian::Query>& filter) {
    Xapian::Query q = text;
    if (!exclude.empty())
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, exclude);
    if (filter)
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, *filter);
    return q;
}

/// How much to scale the counts of spies that saw `seen` of about `estimated` matches.
double sample_scale(Xapian::doccount seen, Xapian::doccount estimated) {
    return seen == 0 || seen >= estimated ? 1.0 : static_cast<double>(estimated) / seen;
}

std::vector<FacetValue> to_facet(const std::map<std::string, Xapian::doccount>& counts,
                                 const std::vector<std::string>& selected, bool by_value_desc,
                                 double scale = 1.0) {
    std::vector<FacetValue> out;
    for (const auto& [value, count] : counts)
        if (!value.empty())
            out.push_back({value, std::max<Xapian::doccount>(1, static_cast<Xapian::doccount>(std::lround(count * scale))),
                           false});
    for (const auto& s : selected) {
        auto it = std::find_if(out.begin(), out.end(), [&](const FacetValue& f) {
            return schema::boolean_key(f.value) == schema::boolean_key(s);
        });
        if (it == out.end())
            out.push_back({s, 0, true});
        else
            it->selected = true;
    }
    std::sort(out.begin(), out.end(), [&](const FacetValue& a, const FacetValue& b) {
        if (by_value_desc)
            return a.value > b.value;
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    return out;
}


/// The reader's layout: the shards of the options, or their index directory alone.
IndexLayout layout_of(const ServiceOptions& options) {
    IndexLayout layout = options.layout;
    if (!layout.sharded())
        layout.index_dir = options.index_dir;
    return layout;
}

} // namespace

/// The state of one search call.
struct SearchService::SearchRun {
    WorkerContext& ctx;
    const SearchRequest& request;
    const ServiceOptions& options;
    SearchResult& result;
    GenerationCache<std::string>& spelling_cache;

    /// The date key of the view's value table, when it has one (it outlives the Enquire).
    std::unique_ptr<TableDateKey> date_key;

    [[nodiscard]] const ValueTable* table() const { return ctx.generation->values.get(); }

    void set_sort(Xapian::Enquire& enquire, bool has_text) {
        const bool by_date = request.sort ? *request.sort == SortOrder::date : !has_text;
        if (table() && !date_key)
            date_key = std::make_unique<TableDateKey>(*table());
        if (by_date) {
            if (date_key)
                enquire.set_sort_by_key_then_relevance(date_key.get(), true);
            else
                enquire.set_sort_by_value_then_relevance(schema::slot_date, true);
        } else {
            if (date_key)
                enquire.set_sort_by_relevance_then_key(date_key.get(), true);
            else
                enquire.set_sort_by_relevance_then_value(schema::slot_date, true);
        }
    }

    /// Counts the facets without a selection that the answer shows (Kreise only below a chosen
    /// Land) and that can count anything (some document has a value in their slot), over the
    /// first `limit` matches: from the view's value table when it has one, else with a
    /// ValueCountMatchSpy per slot, each reading its slot of every match it sees.
    struct FacetSpies {
        std::vector<Xapian::valueno> slots;
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> value_spies; ///< without a table
        std::unique_ptr<FirstMatchesSpy> first;                                ///< without a table
        std::unique_ptr<TableFacetSpy> from_table;                             ///< with a table

        FacetSpies(std::vector<Xapian::valueno> wanted, const ValueTable* table, Xapian::doccount limit)
            : slots(std::move(wanted)) {
            if (table) {
                from_table = std::make_unique<TableFacetSpy>(*table, slots, limit);
                return;
            }
            std::vector<Xapian::MatchSpy*> spies;
            for (const auto slot : slots) {
                value_spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
                spies.push_back(value_spies.back().get());
            }
            first = std::make_unique<FirstMatchesSpy>(std::move(spies), limit);
        }
        /// The slots of the facets `r` shows without a selection.
        static std::vector<Xapian::valueno> shown(const SearchRequest& r, const Xapian::Database& db) {
            std::vector<Xapian::valueno> out;
            auto want = [&](bool shown, Xapian::valueno slot) {
                if (shown && db.get_value_freq(slot) > 0)
                    out.push_back(slot);
            };
            want(r.topics.empty(), schema::slot_topics);
            want(r.regions.empty(), schema::slot_state);
            want(r.districts.empty() && !r.regions.empty(), schema::slot_district);
            want(r.types.empty(), schema::slot_type);
            want(r.years.empty(), schema::slot_year);
            return out;
        }
        /// In the match itself (this process sees every match: no remote shard).
        void attach(Xapian::Enquire& enquire) {
            if (from_table)
                enquire.add_matchspy(from_table.get());
            else
                enquire.add_matchspy(first.get());
        }
        /// In a match over remote shards: the built-in spies run on the servers, over every match.
        void attach_remote(Xapian::Enquire& enquire) {
            for (auto& spy : value_spies)
                enquire.add_matchspy(spy.get());
        }
        /// Matches counted (after attach) ...
        [[nodiscard]] Xapian::doccount seen() const { return from_table ? from_table->seen() : first->seen(); }
        /// ... and after attach_remote.
        [[nodiscard]] Xapian::doccount seen_remote() const {
            return value_spies.empty() ? 0 : value_spies.front()->get_total();
        }
        /// The counts of `slot`, one of `slots`; topics split into single topics.
        [[nodiscard]] std::map<std::string, Xapian::doccount> counts(Xapian::valueno slot) const {
            std::map<std::string, Xapian::doccount> out;
            if (from_table) {
                out = from_table->counts(slot);
            } else {
                const auto at = std::find(slots.begin(), slots.end(), slot);
                if (at != slots.end())
                    out = counts_of(*value_spies[static_cast<std::size_t>(at - slots.begin())]);
            }
            return slot == schema::slot_topics ? split_values(out) : out;
        }
        void collect(const SearchRequest& r, Facets& out, double scale) const {
            if (r.topics.empty()) out.topic = to_facet(counts(schema::slot_topics), {}, false, scale);
            if (r.regions.empty()) out.region = to_facet(counts(schema::slot_state), {}, false, scale);
            if (r.districts.empty()) out.district = to_facet(counts(schema::slot_district), {}, false, scale);
            if (r.types.empty()) out.type = to_facet(counts(schema::slot_type), {}, false, scale);
            if (r.years.empty()) out.year = to_facet(counts(schema::slot_year), {}, true, scale);
        }
    };

    Xapian::Enquire enquire_for(const Xapian::Query& query) const {
        Xapian::Enquire enquire(ctx.db);
        if (options.time_limit_seconds > 0)
            enquire.set_time_limit(options.time_limit_seconds);
        enquire.set_query(query);
        return enquire;
    }

    /// Xapian 1.4 counts a document of a remote shard twice when the match is sorted by more
    /// than relevance and the document sorts below the page (multimatch.cc runs the spy locally
    /// as well as on the server). Over remote shards the facets are therefore counted in a match
    /// of their own, sorted by relevance only.
    [[nodiscard]] bool has_remote_shard() const {
        return std::any_of(ctx.generation->shards.begin(), ctx.generation->shards.end(),
                           [](const ShardState& s) { return s.address.kind == ShardAddress::Kind::remote; });
    }

    /// Xapian's checkatleast: every match up to options.exact_count_limit.
    [[nodiscard]] Xapian::doccount check_at_least() const {
        const Xapian::doccount all = ctx.db.get_doccount();
        return options.exact_count_limit == 0 ? all : std::min<Xapian::doccount>(all, options.exact_count_limit);
    }

    /// The scale for spies that saw `seen` of `mset`'s matches; an estimate makes the facets inexact.
    double scale_for(Xapian::doccount seen, const Xapian::MSet& mset) {
        if (mset.get_matches_lower_bound() != mset.get_matches_upper_bound())
            result.facets_exact = false;
        const double scale = sample_scale(seen, mset.get_matches_estimated());
        if (scale != 1.0)
            result.facets_exact = false;
        return scale;
    }

    /// Runs `query`; fills total and, when `with_facets`, the facets without a selection.
    Xapian::MSet run(const Xapian::Query& query, bool has_text, bool with_facets) {
        Xapian::Enquire enquire = enquire_for(query);
        set_sort(enquire, has_text);
        const bool remote = has_remote_shard();
        FacetSpies spies(FacetSpies::shown(request, ctx.db), remote ? nullptr : table(), check_at_least());
        const bool spies_in_match = with_facets && !remote;
        if (spies_in_match)
            spies.attach(enquire);
        const Xapian::doccount offset = (request.page - 1) * request.size;
        Xapian::MSet mset = enquire.get_mset(offset, request.size, check_at_least());
        enquire.clear_matchspies();
        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        result.facets_exact = true;
        if (!with_facets)
            return mset;
        double scale = 1.0;
        if (spies_in_match) {
            scale = scale_for(spies.seen(), mset);
        } else {
            Xapian::Enquire counting = enquire_for(query);
            counting.set_weighting_scheme(Xapian::BoolWeight());
            spies.attach_remote(counting);
            scale = scale_for(spies.seen_remote(), counting.get_mset(0, 0, check_at_least()));
        }
        spies.collect(request, result.facets, scale);
        return mset;
    }

    /// True when at least one post matches `query` (no ranking, no facets).
    bool has_match(const Xapian::Query& query) const {
        Xapian::Enquire enquire = enquire_for(query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        return !enquire.get_mset(0, 1).empty();
    }

    /// Counts of one facet that has a selection: every other filter applies, its own does not.
    void count_selected_facet(Facet facet, const Xapian::Query& text, const Xapian::Query& exclude) {
        Xapian::Enquire enquire = enquire_for(combine(text, exclude, filter_query(request, facet)));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        Xapian::valueno slot = facet == Facet::topic    ? schema::slot_topics
                               : facet == Facet::region   ? schema::slot_state
                               : facet == Facet::district ? schema::slot_district
                               : facet == Facet::type     ? schema::slot_type
                                                          : schema::slot_year;
        const bool remote = has_remote_shard();
        FacetSpies spies({slot}, remote ? nullptr : table(), check_at_least());
        if (remote)
            spies.attach_remote(enquire);
        else
            spies.attach(enquire);
        const Xapian::MSet mset = enquire.get_mset(0, 0, check_at_least());
        const double scale = scale_for(remote ? spies.seen_remote() : spies.seen(), mset);
        const auto counts = spies.counts(slot);
        switch (facet) {
        case Facet::topic: result.facets.topic = to_facet(counts, request.topics, false, scale); break;
        case Facet::region: result.facets.region = to_facet(counts, request.regions, false, scale); break;
        case Facet::district: result.facets.district = to_facet(counts, request.districts, false, scale); break;
        case Facet::type: result.facets.type = to_facet(counts, request.types, false, scale); break;
        case Facet::year: result.facets.year = to_facet(counts, request.years, true, scale); break;
        }
    }

    /// Xapian's suggestion for `word` (empty: none), kept per index view: on a million law
    /// paragraphs one takes 100-150 ms for a long word (all words sharing a trigram with it).
    std::string spelling_suggestion(const std::string& word) {
        const unsigned epoch = ctx.generation->epoch;
        if (auto kept = spelling_cache.find(epoch, word))
            return *kept;
        std::string suggestion = ctx.spelling.get_spelling_suggestion(word, 2);
        spelling_cache.store(epoch, word, suggestion);
        return suggestion;
    }

    /// Corrections for query words that the index does not know: folded word -> suggestion.
    std::map<std::string, std::string> spelling_corrections(const BuiltQuery& built) {
        std::map<std::string, std::string> out;
        for (const auto& word : built.words) {
            if (word.size() < 4 || ctx.analyzer.resources().is_stopword(word))
                continue;
            if (ctx.db.get_termfreq(ctx.analyzer.term(word)) > 0)
                continue;
            const std::string suggestion = spelling_suggestion(word);
            if (!suggestion.empty() && suggestion != word)
                out[word] = suggestion;
        }
        return out;
    }

    /// The query text with corrected words replaced where they stand.
    std::string corrected_text(const std::map<std::string, std::string>& corrections) {
        const std::string& q = request.q;
        std::string out;
        std::size_t at = 0;
        for (const auto& token : ctx.analyzer.analyze(q)) {
            const auto it = corrections.find(token.word);
            if (it == corrections.end())
                continue;
            out.append(q, at, token.start - at);
            out += it->second;
            at = token.end;
        }
        out.append(q, at, std::string::npos);
        return out;
    }
};

SearchService::SearchService(ServiceOptions options,
                             std::shared_ptr<const analyzers::AnalyzerResources> resources,
                             std::shared_ptr<const index::Gazetteer> gazetteer)
    : options_(std::move(options)), resources_(std::move(resources)), gazetteer_(std::move(gazetteer)),
      reader_(layout_of(options_), analyzers::GermanAnalyzer(resources_)),
      suggest_cache_(std::make_unique<SuggestCache>(suggest_cache_entries)),
      related_cache_(
          std::make_unique<GenerationCache<RelatedResult>>(options_.related_cache_entries)),
      spelling_cache_(
          std::make_unique<GenerationCache<std::string>>(options_.spelling_cache_entries)) {
    load_synonyms();
}

SearchService::~SearchService() = default;

void SearchService::load_synonyms() {
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(options_.synonyms_file, ec);
    analyzers::GermanAnalyzer analyzer(resources_);
    auto loaded = std::make_shared<const Synonyms>(Synonyms::load(options_.synonyms_file, analyzer));
    std::lock_guard lock(synonyms_mutex_);
    synonyms_ = std::move(loaded);
    synonyms_mtime_ = ec ? std::filesystem::file_time_type{} : mtime;
}

std::shared_ptr<const Synonyms> SearchService::synonyms() const {
    std::lock_guard lock(synonyms_mutex_);
    return synonyms_;
}

bool SearchService::refresh() {
    bool changed = reader_.refresh();
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(options_.synonyms_file, ec);
    bool synonyms_changed = false;
    {
        std::lock_guard lock(synonyms_mutex_);
        synonyms_changed = !ec && mtime != synonyms_mtime_;
    }
    if (synonyms_changed) {
        load_synonyms();
        changed = true;
    }
    return changed;
}

Health SearchService::health() {
    Health h;
    try {
        auto lease = reader_.acquire();
        h.documents = lease->db.get_doccount();
        h.generation = lease->generation->number;
        h.built_at = lease->generation->meta.value("built_at", "");
        if (!lease->generation->failed_shards().empty())
            h.status = "partial";
    } catch (const ShardUnavailable&) {
        const auto view = reader_.generation();
        h.status = "shard_unavailable";
        h.generation = view->number;
        h.built_at = view->meta.value("built_at", "");
    }
    return h;
}

namespace {

/// Whether a query matches any of its content words and ranks (long queries, questions) instead
/// of requiring all of them. A query of stop words only requires them all.
bool ranks_any_word(const BuiltQuery& query, const ServiceOptions& options) {
    return !query.stop_words_only && (query.content_units > options.max_words_all_required ||
                                      (options.questions_match_any && query.question));
}

/// The shard whose address an error of the remote backend names ("remote:tcp(HOST:PORT)").
std::string shard_named_in(const Xapian::Error& e, const Generation& view) {
    const std::string text = e.get_context() + " " + e.get_description();
    for (const auto& s : view.shards)
        if (s.address.kind == ShardAddress::Kind::remote &&
            text.find("(" + s.address.host + ":" + std::to_string(s.address.port) + ")") !=
                std::string::npos)
            return s.address.name();
    return {};
}

} // namespace

template <typename T, typename Body>
Outcome<T> SearchService::on_index(const char* api, Body&& body) {
    const std::string where = std::string("SearchService::") + api + "(): ";
    constexpr int attempts = 3; // a stale connection, then a failed shard left out
    for (int attempt = 1;; ++attempt) {
        std::string shard;
        std::string why;
        try {
            auto lease = reader_.acquire();
            try {
                Outcome<T> outcome = body(*lease);
                if (outcome.ok())
                    outcome.value->failed_shards = lease->generation->failed_shards();
                return outcome;
            } catch (const Xapian::NetworkError& e) {
                shard = shard_named_in(e, *lease->generation);
                lease.discard();
                why = e.get_description();
                if (shard.empty() || attempt == attempts)
                    throw;
                // A connection the server closed (idle timeout, restart) is tried once more on
                // fresh connections; a timeout, or a second failure, means the shard is down.
                const bool timed_out = std::string_view(e.get_type()) == "NetworkTimeoutError";
                if (attempt == 1 && !timed_out) {
                    reader_.reconnect();
                    continue;
                }
            }
        } catch (const ShardUnavailable& e) {
            return Outcome<T>::failure({503, "shard_unavailable", where + e.what(), ""});
        } catch (const Xapian::Error& e) {
            return Outcome<T>::failure({503, "index_unavailable", where + e.get_description(), ""});
        }
        reader_.mark_failed(shard);
        if (reader_.layout().failure == ShardFailure::error)
            return Outcome<T>::failure(
                {503, "shard_unavailable", where + "shard " + shard + " failed: " + why, ""});
    }
}

Outcome<SearchResult> SearchService::search(const SearchRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    return on_index<SearchResult>("search", [&](WorkerContext& ctx) {
        auto syn = synonyms();
        SearchResult result;
        result.query = request.q;
        result.page = request.page;
        result.size = request.size;
        result.generation = ctx.generation->number;
        SearchRun run{ctx, request, options_, result, *spelling_cache_, nullptr};

        QueryBuilder builder(ctx.analyzer, syn.get(),
                             [&ctx](const std::string& term) { return ctx.db.get_termfreq(term); });
        BuiltQuery built = builder.build(request.q);
        const Xapian::Query all_docs{std::string(schema::all_documents)};
        Xapian::Query text = built.has_text ? built.strict : all_docs;
        if (built.has_text && ranks_any_word(built, options_)) {
            text = built.relaxed;
            result.matched = "any";
        }
        const auto filter = filter_query(request, std::nullopt);
        Xapian::MSet mset = run.run(combine(text, built.exclude, filter), built.has_text, request.facets);
        if (built.has_text && result.total == 0 && built.content_units > 1 && result.matched == "all") {
            // No post has every word: any word matches, and the posts with all words but one
            // rank far above those with fewer ("Tablets ausleihen Schüler": the posts on lending
            // tablets to pupils before every post with "ausleihen").
            text = built.relaxed;
            if (!built.all_but_one.empty())
                text = Xapian::Query(Xapian::Query::OP_AND_MAYBE, text,
                                     Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                   built.all_but_one, all_but_one_boost));
            result.matched = "any";
            result.relaxed = true;
            mset = run.run(combine(text, built.exclude, filter), true, request.facets);
        }
        if (built.has_text && request.spelling) {
            const auto corrections = run.spelling_corrections(built);
            if (!corrections.empty()) {
                result.did_you_mean = run.corrected_text(corrections);
                // The corrected query replaces the reader's when that found nothing, or found
                // only some of its words (a keyword query relaxed past an unknown word) while the
                // corrected one finds posts with all of them: "Energiegenosenschaft gründen"
                // shows posts on founding an Energiegenossenschaft, not every post with
                // "gründen".
                std::optional<BuiltQuery> corrected;
                if (result.total == 0) {
                    corrected = builder.build(*result.did_you_mean);
                } else if (result.relaxed) {
                    BuiltQuery candidate = builder.build(*result.did_you_mean);
                    if (candidate.has_text && !ranks_any_word(candidate, options_) &&
                        run.has_match(combine(candidate.strict, candidate.exclude, filter)))
                        corrected = std::move(candidate);
                }
                if (corrected) {
                    if (corrected->has_text) {
                        const bool any_word = ranks_any_word(*corrected, options_);
                        bool fell_back = false;
                        Xapian::Query ctext = any_word ? corrected->relaxed : corrected->strict;
                        Xapian::MSet cmset = run.run(combine(ctext, corrected->exclude, filter),
                                                     true, request.facets);
                        if (result.total == 0 && !any_word && corrected->content_units > 1) {
                            ctext = corrected->relaxed;
                            fell_back = true;
                            cmset = run.run(combine(ctext, corrected->exclude, filter), true,
                                            request.facets);
                        }
                        if (result.total > 0) {
                            result.matched = any_word || fell_back ? "any" : "all";
                            result.relaxed = fell_back;
                            result.corrected = true;
                            result.corrected_query = *result.did_you_mean;
                            built = std::move(*corrected);
                            text = ctext;
                            mset = cmset;
                        }
                    }
                }
            }
        }
        if (request.facets) {
            if (!request.topics.empty()) run.count_selected_facet(Facet::topic, text, built.exclude);
            if (!request.regions.empty()) run.count_selected_facet(Facet::region, text, built.exclude);
            if (!request.districts.empty()) run.count_selected_facet(Facet::district, text, built.exclude);
            if (!request.types.empty()) run.count_selected_facet(Facet::type, text, built.exclude);
            if (!request.years.empty()) run.count_selected_facet(Facet::year, text, built.exclude);
            if (request.regions.empty() && request.districts.empty())
                result.facets.district.clear(); // Kreise only below a chosen Land
        }
        for (auto it = mset.begin(); it != mset.end(); ++it)
            result.hits.push_back(make_hit(it.get_document(), it.get_weight(), ctx.analyzer,
                                           built.highlight_terms, options_.snippet_bytes));
        if (built.has_text)
            result.suggested_filters = recognise_places(request, *gazetteer_);
        result.counts_exact = result.total_exact && result.facets_exact;
        result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        return Outcome<SearchResult>::success(std::move(result));
    });
}

Outcome<RelatedResult> SearchService::related(const RelatedRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    return on_index<RelatedResult>("related", [&](WorkerContext& ctx) {
        // A list depends on nothing else (and an id has no NUL byte).
        std::string key = request.id + '\0' + std::to_string(request.size);
        for (const auto& type : request.types)
            key += '\0' + type;
        const unsigned epoch = ctx.generation->epoch;
        auto outcome = [&] {
            if (auto kept = related_cache_->find(epoch, key))
                return Outcome<RelatedResult>::success(std::move(*kept));
            auto found = find_related(ctx, request, options_.related, options_.snippet_bytes);
            if (found.ok())
                related_cache_->store(epoch, key, *found.value);
            return found;
        }();
        if (outcome.ok()) {
            outcome.value->generation = ctx.generation->number;
            outcome.value->took_ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        }
        return outcome;
    });
}

Outcome<SuggestResult> SearchService::suggest(const SuggestRequest& request) {
    return on_index<SuggestResult>("suggest", [&](WorkerContext& ctx) {
        SuggestResult result;
        result.query = request.q;
        result.suggestions = find_suggestions(ctx.db, ctx.word_suggestions, request.q, request.size,
                                              {}, suggest_cache_.get(), ctx.generation->epoch);
        return Outcome<SuggestResult>::success(std::move(result));
    });
}

} // namespace fundus::searchd
