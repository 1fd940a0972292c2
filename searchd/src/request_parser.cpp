#include "fundus/searchd/request_parser.h"

#include "fundus/analyzers/folding.h"
#include "fundus/index/validator.h"

#include <charconv>

namespace fundus::searchd {

namespace {

ApiError invalid(const std::string& parameter, const std::string& message) {
    return {400, "invalid_parameter", message, parameter};
}

std::vector<std::string> all_values(const Params& params, const std::string& name) {
    std::vector<std::string> out;
    for (const auto& [key, value] : params)
        if (key == name && !value.empty())
            out.push_back(value);
    return out;
}

std::optional<std::string> last_value(const Params& params, const std::string& name) {
    std::optional<std::string> out;
    for (const auto& [key, value] : params)
        if (key == name)
            out = value;
    return out;
}

} // namespace

std::optional<ApiError> check_encoding(const Params& params) {
    for (const auto& [key, value] : params) {
        if (!analyzers::is_valid_utf8(key) || key.find('\0') != std::string::npos)
            return invalid(analyzers::is_valid_utf8(key) ? key : "", "parameter name is not valid UTF-8");
        if (!analyzers::is_valid_utf8(value))
            return invalid(key, "'" + key + "' is not valid UTF-8");
        if (value.find('\0') != std::string::npos)
            return invalid(key, "'" + key + "' contains a NUL byte");
    }
    return std::nullopt;
}

Outcome<unsigned> parse_count(const Params& params, const std::string& name, unsigned fallback,
                              unsigned min, unsigned max) {
    const auto text = last_value(params, name);
    if (!text || text->empty())
        return Outcome<unsigned>::success(fallback);
    unsigned value = 0;
    const auto* end = text->data() + text->size();
    const auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc{} || ptr != end)
        return Outcome<unsigned>::failure(
            invalid(name, "'" + name + "' must be a whole number, not '" + *text + "'"));
    if (value < min || value > max)
        return Outcome<unsigned>::failure(invalid(
            name, "'" + name + "' must be between " + std::to_string(min) + " and " +
                      std::to_string(max) + ", not " + std::to_string(value)));
    return Outcome<unsigned>::success(value);
}

Outcome<SearchRequest> parse_search_request(const Params& params, const index::Gazetteer& gazetteer) {
    using Result = Outcome<SearchRequest>;
    if (auto error = check_encoding(params))
        return Result::failure(*error);
    SearchRequest r;
    r.q = last_value(params, "q").value_or("");
    if (r.q.size() > max_query_bytes)
        return Result::failure(invalid("q", "'q' is longer than " + std::to_string(max_query_bytes) +
                                                " bytes"));
    const auto size = parse_count(params, "size", 10, 1, max_page_size);
    if (!size.ok())
        return Result::failure(size.error);
    const auto page = parse_count(params, "page", 1, 1, max_result_depth);
    if (!page.ok())
        return Result::failure(page.error);
    r.size = *size.value;
    r.page = *page.value;
    if (static_cast<unsigned long>(r.page) * r.size > max_result_depth)
        return Result::failure(invalid("page", "page × size must not exceed " +
                                                   std::to_string(max_result_depth)));
    if (const auto sort = last_value(params, "sort"); sort && !sort->empty()) {
        if (*sort == "relevance")
            r.sort = SortOrder::relevance;
        else if (*sort == "date")
            r.sort = SortOrder::date;
        else
            return Result::failure(invalid("sort", "'sort' must be relevance or date, not '" + *sort + "'"));
    }
    for (const auto& type : all_values(params, "type")) {
        if (type != "post" && type != "praxisbeispiel")
            return Result::failure(
                invalid("type", "'type' must be post or praxisbeispiel, not '" + type + "'"));
        r.types.push_back(type);
    }
    for (const auto& region : all_values(params, "region")) {
        const index::Land* land = gazetteer.find_land(region);
        if (land == nullptr)
            return Result::failure(invalid("region", "unknown Land '" + region + "'"));
        r.regions.push_back(land->name);
    }
    for (const auto& district : all_values(params, "district")) {
        const index::Kreis* kreis =
            gazetteer.find_kreis(district, r.regions.size() == 1 ? r.regions[0] : "");
        if (kreis == nullptr)
            return Result::failure(invalid("district", "unknown Kreis '" + district + "'"));
        r.districts.push_back(kreis->name);
    }
    for (const auto& year : all_values(params, "year")) {
        const bool digits = year.size() == 4 && year.find_first_not_of("0123456789") == std::string::npos;
        if (!digits)
            return Result::failure(invalid("year", "'year' must be four digits, not '" + year + "'"));
        r.years.push_back(year);
    }
    r.topics = all_values(params, "topic");
    for (const char* name : {"from", "to"}) {
        const auto text = last_value(params, name);
        if (!text || text->empty())
            continue;
        std::string date = index::normalise_date(*text);
        if (date.empty())
            return Result::failure(invalid(name, std::string("'") + name +
                                                     "' must be a date YYYY-MM-DD, not '" + *text + "'"));
        (std::string(name) == "from" ? r.from : r.to) = date;
    }
    if (!r.from.empty() && !r.to.empty() && r.from > r.to)
        return Result::failure(invalid("from", "'from' is after 'to'"));
    if (const auto facets = last_value(params, "facets"); facets) {
        if (*facets == "false" || *facets == "0")
            r.facets = false;
        else if (*facets != "true" && *facets != "1" && !facets->empty())
            return Result::failure(invalid("facets", "'facets' must be true or false"));
    }
    return Result::success(std::move(r));
}

} // namespace fundus::searchd
