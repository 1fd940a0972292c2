// For the discovery tests: the sample corpus (data/corpus, 112 posts) indexed by the real
// fundus-index and served by a real fundus-searchd on a loopback port, once per test process;
// and a GET that returns status, content type and body. Not thread-safe.
#pragma once

#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>

namespace fundus::testing {

inline ServerProcess& corpus_server() {
    static std::unique_ptr<ServerProcess> process =
        std::make_unique<ServerProcess>(fixture_index(source_dir() / "data" / "corpus"));
    return *process;
}

struct Answer {
    int status = 0;
    std::string content_type;
    std::string body;
};

inline Answer get(ServerProcess& server, const std::string& path) {
    auto client = server.client();
    const auto res = client.Get(path.c_str());
    REQUIRE(res);
    return {res->status, res->get_header_value("Content-Type"), res->body};
}

} // namespace fundus::testing
