// Turns a loosely typed record (JSON from any reader) into a validated Post. Thread-safe after
// construction (reads the shared gazetteer only).
#pragma once

#include "fundus/index/gazetteer.h"
#include "fundus/index/post.h"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <vector>

namespace fundus::index {

/// Normalises a date to "YYYY-MM-DD": accepts "YYYY-MM-DD", ISO 8601 date-times
/// ("2021-04-12T08:30:00Z", "2021-04-12 08:30:00+02:00") and RFC 822 dates of feeds
/// ("Mon, 12 Apr 2021 08:30:00 +0200"). Empty result for anything unparsable or impossible.
std::string normalise_date(std::string_view text);

/// Turns HTML into text: blocks become lines separated by blank lines, headings are collected.
/// Text without markup is returned as it is.
std::string html_to_text(std::string_view html, std::vector<std::string>* headings = nullptr);

class PostValidator {
public:
    explicit PostValidator(const Gazetteer& gazetteer) : gazetteer_(&gazetteer) {}

    /// Validates one record. Returns the Post when it may be indexed (problems then holds only
    /// warnings), or nothing when it must be rejected (problems names each error). `id`, `title`
    /// required; `published` a valid date; `region.state` a known Land; `type` post or
    /// praxisbeispiel (default post); HTML in `body` becomes text; unknown fields are warnings.
    std::optional<Post> validate(const nlohmann::json& record, const SourceLocation& where,
                                 std::vector<RecordProblem>& problems) const;

private:
    const Gazetteer* gazetteer_;
};

} // namespace fundus::index
