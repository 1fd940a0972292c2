// libFuzzer target: the query side over a real index. An input is a request target such as
// "/api/search?q=Kommune&region=BY&size=5" (a bare "q=..." means /api/search); /api/related/ID,
// /api/suggest and /api/feed too. The path and parameters are percent-decoded like cpp-httplib
// does, parsed like the HTTP layer does, run through the service (QueryBuilder, spelling, facets,
// snippets, related, suggestions) and serialised; every error must be a 4xx, every JSON body valid
// UTF-8 and every feed well-formed XML. The index is the fixture blog.
#include "fuzz_support.h"

#include "fundus/analyzers/folding.h"
#include "fundus/index/index_builder.h"
#include "fundus/searchd/json_output.h"
#include "fundus/searchd/request_parser.h"
#include "fundus/searchd/search_service.h"

#include "discovery_api.h"
#include "feed.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

using namespace fundus;

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/// Percent-decoding as cpp-httplib does it: '+' is a space in parameters, not in the path.
std::string decode(std::string_view s, bool plus_is_space = true) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+' && plus_is_space) {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                   hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

searchd::Params parse_query_string(std::string_view query) {
    searchd::Params params;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        params.emplace_back(decode(pair.substr(0, eq)), eq == std::string_view::npos
                                                            ? std::string()
                                                            : decode(pair.substr(eq + 1)));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return params;
}

searchd::SearchService& service() {
    static std::unique_ptr<searchd::SearchService> instance = [] {
        const auto dir = fuzz::scratch_dir() / "index";
        index::BuildOptions options;
        options.index_dir = dir;
        options.inputs.push_back({fuzz::source_dir() / "tests" / "fixtures" / "blog.jsonl",
                                  index::SourceFormat::automatic,
                                  {}});
        analyzers::GermanAnalyzer analyzer(fuzz::resources());
        index::build_index(options, analyzer, *fuzz::gazetteer());
        searchd::ServiceOptions service_options;
        service_options.index_dir = dir;
        service_options.synonyms_file = fuzz::source_dir() / "data" / "synonyms.txt";
        return std::make_unique<searchd::SearchService>(service_options, fuzz::resources(),
                                                        fuzz::gazetteer());
    }();
    return *instance;
}

/// Checks an error the HTTP layer would send: a 4xx with code and message.
void check_error(const searchd::ApiError& error) {
    fuzz::require(error.status >= 400 && error.status < 500, "bad input gives a 4xx, never a 5xx");
    fuzz::require(!error.code.empty() && !error.message.empty(),
                  "an error has a code and a message");
    (void)searchd::dump(searchd::to_json(error));
}

void check_body(const nlohmann::json& body) {
    const std::string text = searchd::dump(body);
    fuzz::require(analyzers::is_valid_utf8(text), "the JSON body is valid UTF-8");
    fuzz::require(!nlohmann::json::parse(text, nullptr, false).is_discarded(),
                  "the JSON body parses");
}

void run_search(const searchd::Params& params) {
    const auto request = searchd::parse_search_request(params, service().gazetteer());
    if (!request.ok())
        return check_error(request.error);
    const auto result = service().search(*request.value);
    if (!result.ok())
        return check_error(result.error);
    fuzz::require(result.value->hits.size() <= request.value->size, "no more hits than asked for");
    check_body(searchd::to_json(*result.value));
}

void run_related(const std::string& id, const searchd::Params& params) {
    const auto request = searchd::parse_related_request(id, params);
    if (!request.ok())
        return check_error(request.error);
    const auto result = service().related(*request.value);
    if (!result.ok())
        return check_error(result.error);
    check_body(searchd::to_json(*result.value));
}

void run_suggest(const searchd::Params& params) {
    const auto request = searchd::parse_suggest_request(params);
    if (!request.ok())
        return check_error(request.error);
    const auto result = service().suggest(*request.value);
    if (!result.ok())
        return check_error(result.error);
    check_body(searchd::to_json(*result.value));
}

void run_feed(const searchd::Params& params, std::string_view target) {
    const auto request = searchd::parse_feed_request(params, service().gazetteer());
    if (!request.ok())
        return check_error(request.error);
    const auto result = service().search(*request.value);
    if (!result.ok())
        return check_error(result.error);
    searchd::FeedInfo info;
    info.self_url = "http://localhost" + std::string(target);
    info.fallback_updated = "1970-01-01T00:00:00Z";
    const std::string atom = searchd::render_atom(*request.value, *result.value, info);
    pugi::xml_document doc;
    fuzz::require(static_cast<bool>(doc.load_buffer(atom.data(), atom.size())),
                  "the Atom feed is well-formed XML");
    fuzz::require(analyzers::is_valid_utf8(atom), "the Atom feed is valid UTF-8");
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)service();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::string_view query = input;
    std::string path = "/api/search";
    if (input.starts_with('/')) {
        const auto q = input.find('?');
        path = decode(input.substr(0, q), false);
        query = q == std::string_view::npos ? std::string_view() : input.substr(q + 1);
    }
    // What the HTTP layer rejects before routing (reject_early()).
    if (!analyzers::is_valid_utf8(path) || path.find('\0') != std::string::npos)
        return 0;
    const searchd::Params params = parse_query_string(query);
    constexpr std::string_view related = "/api/related/";
    if (path == "/api/search")
        run_search(params);
    else if (path.starts_with(related) && path.size() > related.size())
        run_related(path.substr(related.size()), params);
    else if (path == "/api/suggest")
        run_suggest(params);
    else if (path == "/api/feed")
        run_feed(params, input);
    return 0;
}
