// Private: facet counts from Xapian's ValueCountMatchSpy. Only that built-in spy goes to remote
// shards: a custom MatchSpy cannot run on a stock xapian-tcpsrv (it is not in its registry).
// FirstMatchesSpy runs in this process only. The functions are pure (thread-safe); a spy is not.
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace fundus::searchd {

/// Passes the first `limit` documents of a match on to `spies`, the others not. Past
/// exact-count-limit the facet counts are scaled from the documents seen, and Xapian checks many
/// more than checkatleast asks for ("Satz" on a million law paragraphs: 35,000 for a limit of
/// 10,000), each costing every spy a value read. Never attach it to a match over remote shards.
class FirstMatchesSpy : public Xapian::MatchSpy {
public:
    FirstMatchesSpy(std::vector<Xapian::MatchSpy*> spies, Xapian::doccount limit)
        : spies_(std::move(spies)), limit_(limit) {}

    void operator()(const Xapian::Document& doc, double weight) override;

    /// Documents passed on so far.
    [[nodiscard]] Xapian::doccount seen() const { return seen_; }

private:
    std::vector<Xapian::MatchSpy*> spies_;
    Xapian::doccount limit_;
    Xapian::doccount seen_ = 0;
};

/// The spy's values and their document counts.
std::map<std::string, Xapian::doccount> counts_of(const Xapian::ValueCountMatchSpy& spy);

/// Counts of a multi-valued slot (topics, joined by '\n') from counts of whole slot values:
/// "Bildung\nMobilität" counted 3 times adds 3 to each of the two topics. A document thus counts
/// once under each of its values, on one index as over any set of shards.
std::map<std::string, Xapian::doccount> split_values(const std::map<std::string, Xapian::doccount>& counts);

} // namespace fundus::searchd
