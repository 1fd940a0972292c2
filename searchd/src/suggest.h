// Private: search-as-you-type over the schema::suggest_* terms and word counts the indexer writes
// (prefix scans of Xapian's term list and metadata keys, capped so that short prefixes stay fast,
// the shortest cached per index generation). find_suggestions is not thread-safe (the caller's
// database handle); SuggestCache is.
#pragma once

#include "fundus/searchd/search_stats.h"
#include "generation_cache.h"
#include "fundus/searchd/search_types.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::searchd {

struct SuggestLimits {
    /// Terms read per prefix scan at most. A one- or two-letter prefix can match thousands of
    /// words; past this many (in term order) the rest is not looked at.
    std::size_t max_scan = 3000;
    /// The same for the shortest texts when their suggestions are cached (SuggestCache): read
    /// once per index generation, so they can afford to look at every word.
    std::size_t max_scan_short = 200000;
    std::size_t min_chars = 2;  ///< characters typed before anything is suggested
    std::size_t typo_chars = 5; ///< characters typed before one typo is tolerated
};

/// Suggestions for the shortest texts (one word of at most suggest_cache_key_bytes of spelling
/// key: "ge", "mue"), whose prefix scans are the longest, kept per index view. Thread-safe.
using SuggestCache = GenerationCache<std::vector<Suggestion>>;
inline constexpr std::size_t suggest_cache_key_bytes = 3;
inline constexpr std::size_t suggest_cache_entries = 50000;

/// The completions of `q` in `db`, best first, at most `size`, with the words and their counts
/// from `word_sources` (WorkerContext::word_suggestions). See SearchService::suggest.
/// With a cache, the shortest texts are answered from it, or scanned with `max_scan_short`
/// and kept there for `epoch` (Generation::epoch).
std::vector<Suggestion> find_suggestions(const Xapian::Database& db,
                                         const std::vector<Xapian::Database>& word_sources,
                                         std::string_view q, std::size_t size,
                                         const SuggestLimits& limits = {},
                                         SuggestCache* cache = nullptr, unsigned epoch = 0);

/// Puts what readers searched (`searched`, most searched first: SearchStats::searched) before
/// the suggestions from the index (`found`): a searched text already among them moves up and keeps
/// its kind, a new one comes in as kind "query". At most half of `size` (rounded up) move ahead;
/// duplicates (same spelling key) go; at most `size` in all.
std::vector<Suggestion> merge_searched(std::vector<Suggestion> found,
                                       const std::vector<SearchedQuery>& searched,
                                       std::size_t size);

/// True when some prefix of `word` is `typed` with one letter changed, inserted, left out, or
/// two neighbours swapped (bytes of spelling keys). An exact prefix is not counted.
bool one_typo_prefix(std::string_view typed, std::string_view word);

} // namespace fundus::searchd
