// Test helper for the discovery tests: a SearchService over an index built, like fundus-index
// does, from JSON Lines given in the test or from files, in a temporary directory.
// Not thread-safe.
#pragma once

#include "fundus/index/index_builder.h"
#include "fundus/searchd/search_service.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace fundus::testing {

class ServiceFixture {
public:
    /// Indexes the JSON Lines `jsonl` (one post per line).
    static std::unique_ptr<ServiceFixture> of_lines(const std::string& jsonl,
                                                    searchd::ServiceOptions options = {}) {
        auto f = std::unique_ptr<ServiceFixture>(new ServiceFixture());
        f->write_lines(jsonl);
        f->open(std::move(options));
        return f;
    }

    /// Indexes files or folders of JSON Lines.
    static std::unique_ptr<ServiceFixture> of_files(std::vector<std::filesystem::path> inputs,
                                                    searchd::ServiceOptions options = {}) {
        auto f = std::unique_ptr<ServiceFixture>(new ServiceFixture());
        f->inputs_ = std::move(inputs);
        f->open(std::move(options));
        return f;
    }

    /// Builds a new generation from `jsonl` in the same index directory; the service serves it
    /// after refresh().
    void rebuild_from_lines(const std::string& jsonl) {
        write_lines(jsonl);
        build();
    }

    searchd::SearchService& service() { return *service_; }

    static std::shared_ptr<const index::Gazetteer> gazetteer() {
        static const auto loaded = std::make_shared<const index::Gazetteer>(
            index::Gazetteer::load(source_dir() / "data" / "regions"));
        return loaded;
    }

private:
    TempDir dir_;
    std::vector<std::filesystem::path> inputs_;
    std::unique_ptr<searchd::SearchService> service_;
    int files_ = 0;

    ServiceFixture() = default;

    void write_lines(const std::string& jsonl) {
        const auto file = dir_.path() / ("posts-" + std::to_string(++files_) + ".jsonl");
        std::ofstream(file) << jsonl;
        inputs_ = {file};
    }

    void open(searchd::ServiceOptions options) {
        build();
        options.index_dir = dir_.path() / "index";
        service_ = std::make_unique<searchd::SearchService>(options, resources(), gazetteer());
    }

    void build() {
        index::BuildOptions options;
        options.index_dir = dir_.path() / "index";
        for (const auto& input : inputs_)
            options.inputs.push_back({input, index::SourceFormat::automatic, {}});
        analyzers::GermanAnalyzer analyzer(resources());
        index::build_index(options, analyzer, *gazetteer());
    }
};

/// SearchService::related for `id`; requires the answer to be a success (its message shown
/// when not).
inline searchd::RelatedResult related(searchd::SearchService& service, const std::string& id,
                                      unsigned size = 5, std::vector<std::string> types = {}) {
    searchd::RelatedRequest request;
    request.id = id;
    request.size = size;
    request.types = std::move(types);
    auto outcome = service.related(request);
    INFO(outcome.error.message);
    REQUIRE(outcome.ok());
    return *outcome.value;
}

} // namespace fundus::testing
