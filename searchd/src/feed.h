// Private: /api/feed: a search's newest posts as an Atom 1.0 feed (RFC 4287). Pure functions;
// thread-safe.
#pragma once

#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_types.h"

#include <string>

namespace fundus::searchd {

inline constexpr unsigned default_feed_size = 20;
inline constexpr const char* atom_content_type = "application/atom+xml; charset=utf-8";

/// The search parameters of a feed request: those of /api/search, but always newest first,
/// without facets or spelling correction, and 20 entries unless `size` says otherwise.
Outcome<SearchRequest> parse_feed_request(const Params& params, const index::Gazetteer& gazetteer);

struct FeedInfo {
    /// This feed's own absolute URL (rel="self" and the feed's id); a path when the host is
    /// unknown.
    std::string self_url;
    /// RFC 3339 time for `updated` when no entry has a date (the index generation's built_at).
    std::string fallback_updated;
};

/// The Atom document: feed id = self URL, a title naming the search, updated = the newest
/// entry; each entry with id (its URL, or a tag: URI of its id), title, alternate link,
/// published and updated (its date), summary (teaser or snippet), authors, and categories for
/// its topics, tags and type. Text is escaped, characters XML does not allow are dropped.
std::string render_atom(const SearchRequest& request, const SearchResult& result,
                        const FeedInfo& info);

} // namespace fundus::searchd
