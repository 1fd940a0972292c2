// docs/openapi.yaml stays true: real answers of a real fundus-searchd (the sample corpus on a
// loopback port) are checked against the document's status codes, content types and schemas.
#include "discovery_server.h"
#include "openapi_schema.h"

#include "fundus/searchd/http_server.h"

#include <nlohmann/json.hpp>

#include <set>

using fundus::testing::corpus_server;
using fundus::testing::schema_problems;
using nlohmann::json;

namespace openapi_test {
namespace {

const json& openapi() { return fundus::testing::openapi_document(); }

/// The document's path that `path` is an instance of ("/api/related/x" -> "/api/related/{id}").
std::string template_of(const std::string& path) {
    for (const auto& [candidate, _] : openapi()["paths"].items()) {
        const auto brace = candidate.find('{');
        if (candidate == path || (brace != std::string::npos && path.size() > brace &&
                                  path.starts_with(candidate.substr(0, brace)) &&
                                  path.find('/', brace) == std::string::npos))
            return candidate;
    }
    return "";
}

/// Sends GET `target` and checks the answer against the document; `status` is the one expected.
void check_against_openapi(const std::string& target, int status) {
    INFO("GET " << target);
    const auto answer = fundus::testing::get(corpus_server(), target);
    INFO("-> " << answer.status << ' ' << answer.body.substr(0, 300));
    REQUIRE(answer.status == status);
    const std::string path = target.substr(0, target.find('?'));
    const std::string documented = template_of(path);
    REQUIRE_FALSE(documented.empty());
    const json& operation = openapi()["paths"][documented]["get"];
    REQUIRE(operation["responses"].contains(std::to_string(status)));
    const json& response =
        fundus::testing::resolve(openapi(), operation["responses"][std::to_string(status)]);
    const std::string media_type = answer.content_type.substr(0, answer.content_type.find(';'));
    INFO("content type " << answer.content_type);
    REQUIRE(response["content"].contains(media_type));
    const json& schema = response["content"][media_type]["schema"];
    const json body =
        media_type == "application/json" ? json::parse(answer.body) : json(answer.body);
    const auto problems = schema_problems(openapi(), schema, body);
    for (const auto& p : problems)
        FAIL_CHECK(p);
}

} // namespace

TEST_CASE("every answer of the API matches docs/openapi.yaml", "[integration][openapi]") {
    const std::pair<const char*, int> calls[] = {
        {"/api/search?q=Glasfaser", 200},
        {"/api/search?q=Glasfaser%20Cham&region=Bayern", 200},     // suggested_filters
        {"/api/search?q=Glasfasr", 200},                           // did_you_mean, corrected
        {"/api/search?region=Bayern&topic=Breitband&size=3", 200}, // selected facet values
        {"/api/search?q=&sort=date&from=2020-01-01&to=2022-12-31&facets=false", 200},
        {"/api/search?size=1000", 400},
        {"/api/search?region=Atlantis", 400},
        {"/api/related/praxis-001", 200},
        {"/api/related/praxis-001?type=praxisbeispiel&size=3", 200},
        {"/api/related/gibt-es-nicht", 404},
        {"/api/related/praxis-001?size=0", 400},
        {"/api/suggest?q=glasf", 200},
        {"/api/suggest?q=Glasfaser%20f%C3%BCr%20Mue&size=20", 200},
        {"/api/suggest?q=g", 200},
        {"/api/suggest?q=gl&size=99", 400},
        {"/api/feed?topic=Mobilit%C3%A4t&type=praxisbeispiel", 200},
        {"/api/feed?year=20", 400},
        {"/healthz", 200},
    };
    for (const auto& [target, status] : calls)
        check_against_openapi(target, status);
}

TEST_CASE("docs/openapi.yaml describes the routes of the API and nothing else",
          "[integration][openapi]") {
    // Operator endpoints with their own documentation in the README, not part of the public API.
    const std::set<std::string> operator_only = {"/metrics", "/api/stats"};
    std::set<std::string> served, documented;
    for (const auto& route : fundus::searchd::HttpServer::routes()) {
        const std::string path = route.substr(route.find(' ') + 1);
        if ((path.starts_with("/api/") || path == "/healthz") && !operator_only.contains(path))
            served.insert(path);
    }
    for (const auto& [path, _] : openapi()["paths"].items())
        documented.insert(path);
    CHECK(documented == served);
    CHECK(openapi()["openapi"].get<std::string>().starts_with("3."));
}

TEST_CASE("the schema checker reports what does not conform", "[integration][openapi]") {
    const json hit_ref = {{"$ref", "#/components/schemas/Suggestion"}};
    CHECK(schema_problems(openapi(), hit_ref, json::parse(R"({"text":"Rufbus","kind":"tag"})"))
              .empty());
    auto first = [&](const json& value) {
        const auto problems = schema_problems(openapi(), hit_ref, value);
        return problems.empty() ? std::string() : problems.front();
    };
    CHECK(first(json::parse(R"({"text":"Rufbus"})")) == "$: the required field 'kind' is missing");
    CHECK(first(json::parse(R"({"text":"Rufbus","kind":"tag","score":1})")) ==
          "$: the field 'score' is not described");
    CHECK(first(json::parse(R"({"text":"Rufbus","kind":"stichwort"})")) ==
          R"($.kind: '"stichwort"' is not one of ["word","title","topic","tag","region","query"])");
    CHECK(first(json::parse(R"({"text":1,"kind":"tag"})")) ==
          "$.text: expected string, got integer");
    CHECK(first(json::parse(R"({"text":"","kind":"tag"})")) == "$.text: shorter than 1 characters");
    const json error_ref = {{"$ref", "#/components/schemas/Error"}};
    CHECK(schema_problems(openapi(), error_ref,
                          json::parse(R"({"error":{"code":"x","message":"y","parameter":null}})"))
              .empty());
    CHECK_THROWS(
        schema_problems(openapi(), json{{"$ref", "#/components/schemas/Nope"}}, json::object()));
}

} // namespace openapi_test
