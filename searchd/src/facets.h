// Private: facet counts from Xapian's ValueCountMatchSpy. Only that built-in spy is used: a custom
// MatchSpy cannot run on a stock xapian-tcpsrv (it is not in its registry), so a custom one would
// break facets over remote shards. Pure functions: thread-safe.
#pragma once

#include <xapian.h>

#include <map>
#include <string>

namespace fundus::searchd {

/// The spy's values and their document counts.
std::map<std::string, Xapian::doccount> counts_of(const Xapian::ValueCountMatchSpy& spy);

/// Counts of a multi-valued slot (topics, joined by '\n') from the spy's counts of whole slot
/// values: "Bildung\nMobilität" counted 3 times adds 3 to each of the two topics. A document thus
/// counts once under each of its values, on one index as over any set of shards.
std::map<std::string, Xapian::doccount> topic_counts(const Xapian::ValueCountMatchSpy& spy);

} // namespace fundus::searchd
