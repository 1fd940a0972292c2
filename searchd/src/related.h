// Private: the related posts of one post: its distinctive terms (Xapian RSet -> ESet, filtered by
// what the analyzer makes of its words), then reordered by shared topics, Kreis and Land.
// Not thread-safe: works on the caller's WorkerContext (analyzer and database of one request).
#pragma once

#include "fundus/searchd/index_reader.h"
#include "fundus/searchd/search_service.h"

namespace fundus::searchd {

/// The related posts of `request.id` in `ctx.db`, best first, never the post itself. A 404
/// ApiError ("not_found", parameter "id") when the index has no such post. Throws Xapian::Error
/// when the index cannot be read (the service maps that to 503).
Outcome<RelatedResult> find_related(WorkerContext& ctx, const RelatedRequest& request,
                                    const RelatedTuning& tuning, std::size_t snippet_bytes);

} // namespace fundus::searchd
