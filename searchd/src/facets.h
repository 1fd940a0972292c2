// Private: counting facet values over a match set with Xapian match spies.
#pragma once

#include <xapian.h>

#include <map>
#include <string>

namespace fundus::searchd {

/// Counts the values of a slot that may hold several values joined by '\n' (topics): a document
/// with two topics counts once under each. Not thread-safe (one per Enquire, as Xapian wants).
class MultiValueCountSpy : public Xapian::MatchSpy {
public:
    explicit MultiValueCountSpy(Xapian::valueno slot) : slot_(slot) {}

    void operator()(const Xapian::Document& doc, double wt) override;
    Xapian::MatchSpy* clone() const override { return new MultiValueCountSpy(slot_); }
    std::string name() const override { return "Fundus::MultiValueCountSpy"; }
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& serialised,
                                  const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& serialised) override;

    [[nodiscard]] const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

private:
    Xapian::valueno slot_;
    std::map<std::string, Xapian::doccount> counts_;
};

} // namespace fundus::searchd
