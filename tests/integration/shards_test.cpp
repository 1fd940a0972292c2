// Shards: the sample corpus indexed once as one index and once in shards (fundus-index build
// --shards), the shards served by xapian-tcpsrv processes on loopback ports (started and stopped
// here) or read as local directories; fundus-searchd over the shards must answer like
// fundus-searchd over the one index. Then shards that die or hang.
#include "fundus/index/shards.h"
#include "openapi_schema.h"
#include "server_process.h"
#include "test_support.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using fundus::testing::ServerProcess;
using fundus::testing::TempDir;
using nlohmann::json;

namespace shards_test {
namespace {

const std::filesystem::path tcpsrv_binary = "/usr/bin/xapian-tcpsrv";

/// A port nobody listens on now (the kernel's choice for a socket bound to port 0).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// xapian-tcpsrv serving one database on a free loopback port, in a process group of its own
/// (it forks a child per connection): killed, stopped and resumed as a whole, killed at the end.
class TcpServer {
public:
    explicit TcpServer(const std::filesystem::path& database) : port_(free_port()) {
        pid_ = ::fork();
        if (pid_ == 0) {
            ::setpgid(0, 0);
            const int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, STDOUT_FILENO);
            ::dup2(devnull, STDERR_FILENO); // "Got exception ... Broken pipe" when a client leaves
            ::execl(tcpsrv_binary.c_str(), "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1",
                    "--port", std::to_string(port_).c_str(), database.c_str(), nullptr);
            ::_exit(127);
        }
        ::setpgid(pid_, pid_);
        for (int i = 0; i < 100 && !accepts(port_); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (!accepts(port_))
            throw std::runtime_error("xapian-tcpsrv did not come up on port " +
                                     std::to_string(port_));
    }
    ~TcpServer() { kill(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    [[nodiscard]] std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port_); }
    [[nodiscard]] int port() const { return port_; }
    void kill() {
        if (pid_ <= 0)
            return;
        ::kill(-pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    void pause() { ::kill(-pid_, SIGSTOP); }
    void resume() { ::kill(-pid_, SIGCONT); }

private:
    int port_;
    int pid_ = -1;
};

std::filesystem::path corpus() {
    return fundus::testing::source_dir() / "data" / "corpus";
}

/// The corpus in `n` shards under one temporary directory.
struct ShardedIndex {
    TempDir dir;
    unsigned n;

    explicit ShardedIndex(unsigned shards) : n(shards) {
        const auto r = fundus::testing::run_command(
            {fundus::testing::fundus_index_binary().string(), "build", "--input", corpus().string(),
             "--index", dir.path().string(), "--shards", std::to_string(n), "--quiet"});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
    }
    [[nodiscard]] std::filesystem::path shard(unsigned k) const {
        return dir.path() / ("shard-" + std::to_string(k));
    }
    [[nodiscard]] std::filesystem::path database(unsigned k) const {
        return shard(k) / "current" / "xapian";
    }
    [[nodiscard]] std::filesystem::path spelling() const { return dir.path() / "spelling"; }
};

struct JsonAnswer {
    int status = 0;
    json body;
};

JsonAnswer get_json(const ServerProcess& server, const std::string& target) {
    auto client = server.client();
    const auto res = client.Get(target.c_str());
    REQUIRE(res);
    return {res->status, json::parse(res->body)};
}

/// What may differ between one index and shards: timings and the generation number.
json comparable(json body) {
    body.erase("took_ms");
    body.erase("generation");
    return body;
}

using HitKey = std::pair<long, std::string>;

/// Hits are ordered by score, then date; among hits equal in both the order follows document
/// ids, which shards number differently.
HitKey key_of(const json& hit) {
    return {std::lround(hit["score"].get<double>() * 1000), hit["published"].get<std::string>()};
}

std::vector<std::string> sorted_ids(const json& hits, std::size_t from, std::size_t to) {
    std::vector<std::string> out;
    for (std::size_t i = from; i < to; ++i)
        out.push_back(hits[i]["id"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
}

/// The same hits in the same order, up to the order of ties (equal score and date); a run of
/// ties at the page's edge may hold other posts of that score and date. A post in both lists
/// has the same hit (title, snippet, facts, score).
void require_same_hits(const json& one, const json& sharded) {
    REQUIRE(one.size() == sharded.size());
    std::map<std::string, json> by_id;
    for (const auto& hit : sharded)
        by_id[hit["id"].get<std::string>()] = hit;
    for (std::size_t from = 0; from < one.size();) {
        std::size_t to = from;
        while (to < one.size() && key_of(one[to]) == key_of(one[from])) {
            REQUIRE(key_of(sharded[to]) == key_of(one[from]));
            ++to;
        }
        if (from > 0 && to < one.size())
            REQUIRE(sorted_ids(one, from, to) == sorted_ids(sharded, from, to));
        from = to;
    }
    for (const auto& hit : one) {
        const auto it = by_id.find(hit["id"].get<std::string>());
        if (it == by_id.end())
            continue;
        json a = hit, b = it->second;
        CHECK(std::abs(a["score"].get<double>() - b["score"].get<double>()) < 1e-3);
        a.erase("score");
        b.erase("score");
        CHECK(a == b);
    }
}

void require_same_answer(const ServerProcess& one, const ServerProcess& sharded,
                         const std::string& target) {
    INFO("GET " << target);
    const JsonAnswer a = get_json(one, target);
    const JsonAnswer b = get_json(sharded, target);
    REQUIRE(a.status == 200);
    REQUIRE(b.status == a.status);
    json x = comparable(a.body), y = comparable(b.body);
    if (x.contains("hits")) {
        require_same_hits(x["hits"], y["hits"]);
        x.erase("hits");
        y.erase("hits");
    }
    REQUIRE(x == y);
}

const std::vector<std::string> searches = {
    "/api/search?q=Digitalisierung",
    "/api/search?q=Digitalisierung&size=5&page=2",
    "/api/search?q=Schule&size=100",
    "/api/search?q=&size=10&page=2",
    "/api/search?q=&sort=date&from=2020-01-01&to=2022-12-31&size=20",
    "/api/search?q=Verwaltung&topic=Bildung",
    "/api/search?q=Glasfaser%20Ausbau&region=Bayern",
    "/api/search?region=Bayern&topic=Breitband&size=3",
    "/api/search?q=Glasfaser%20Cham",
    "/api/search?q=Digitalisirung",
    "/api/search?q=Glasfasr",
    "/api/search?q=Open%20Data&type=praxisbeispiel",
    "/api/search?q=Digitalisierung&sort=date&year=2024",
    "/api/search?q=wie%20bekommt%20unsere%20Gemeinde%20schnelles%20Internet%20f%C3%BCr%20Schulen",
};

const std::vector<std::string> suggestions = {"/api/suggest?q=dig", "/api/suggest?q=glasf",
                                              "/api/suggest?q=Glasfaser%20f%C3%BCr%20Mue&size=20",
                                              "/api/suggest?q=verwaltun", "/api/suggest?q=bay"};

/// Everything the API answers from the index, compared between the two daemons.
void require_same_answers(const ServerProcess& one, const ServerProcess& sharded) {
    for (const auto& target : searches)
        require_same_answer(one, sharded, target);
    for (const auto& target : suggestions)
        require_same_answer(one, sharded, target);
    const JsonAnswer posts = get_json(one, "/api/search?q=&size=12");
    for (const auto& hit : posts.body["hits"]) {
        const std::string id = hit["id"].get<std::string>();
        require_same_answer(one, sharded, "/api/related/" + id);
        require_same_answer(one, sharded, "/api/related/" + id + "?type=praxisbeispiel&size=3");
    }
}

const std::filesystem::path& one_index() {
    return fundus::testing::fixture_index(corpus());
}

void write_file(const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file);
    out << text;
}

} // namespace

TEST_CASE("shards answer like one index holding the same posts", "[integration][shards]") {
    if (!std::filesystem::exists(tcpsrv_binary)) {
        WARN("xapian-tcpsrv is not installed (xapian-tools): remote shards untested");
        return;
    }
    const ShardedIndex sharded(3);
    ServerProcess one(one_index());
    // The did-you-mean queries must find corrections, or comparing them proves nothing.
    REQUIRE(get_json(one, "/api/search?q=Digitalisirung").body.contains("did_you_mean"));

    SECTION("remote shards: xapian-tcpsrv per shard, listed in a Xapian stub database file") {
        std::vector<std::unique_ptr<TcpServer>> servers;
        std::string stub = "# written by the shards test\n";
        for (unsigned k = 0; k < sharded.n; ++k) {
            servers.push_back(std::make_unique<TcpServer>(sharded.database(k)));
            stub += "remote 127.0.0.1:" + std::to_string(servers.back()->port()) + "\n";
        }
        write_file(sharded.dir.path() / "shards.stub", stub);
        ServerProcess daemon(one_index(),
                             {"--shards-stub", (sharded.dir.path() / "shards.stub").string(),
                              "--spelling", sharded.spelling().string()});
        require_same_answers(one, daemon);
    }
    SECTION("local shards: the shard directories, each followed generation by generation") {
        std::vector<std::string> args;
        for (unsigned k = 0; k < sharded.n; ++k)
            args.insert(args.end(), {"--shard", sharded.shard(k).string()});
        args.insert(args.end(), {"--spelling", sharded.spelling().string()});
        ServerProcess daemon(one_index(), args);
        require_same_answers(one, daemon);
    }
    SECTION("local shards without the spelling index: word suggestions counted over every shard") {
        std::vector<std::string> args;
        for (unsigned k = 0; k < sharded.n; ++k)
            args.insert(args.end(), {"--shard", sharded.shard(k).string()});
        ServerProcess daemon(one_index(), args);
        for (const auto& target : suggestions)
            require_same_answer(one, daemon, target);
    }
}

TEST_CASE("a shard that dies or hangs gives a clear answer within the shard timeout",
          "[integration][shards]") {
    if (!std::filesystem::exists(tcpsrv_binary)) {
        WARN("xapian-tcpsrv is not installed (xapian-tools): remote shards untested");
        return;
    }
    const ShardedIndex sharded(2);
    TcpServer first(sharded.database(0)), second(sharded.database(1));
    auto daemon = [&](const std::string& failure) {
        return std::make_unique<ServerProcess>(
            one_index(),
            std::vector<std::string>{"--shard", first.address(), "--shard", second.address(),
                                     "--spelling", sharded.spelling().string(), "--shard-failure",
                                     failure, "--shard-timeout-ms", "500"});
    };
    auto strict = daemon("error");
    auto partial = daemon("partial");
    const std::string target = "/api/search?q=Digitalisierung&size=100";
    const JsonAnswer whole = get_json(*partial, target);
    REQUIRE(whole.status == 200);
    REQUIRE_FALSE(whole.body.contains("partial"));

    auto timed_get = [&](const ServerProcess& server, const std::string& t) {
        const auto started = std::chrono::steady_clock::now();
        JsonAnswer answer = get_json(server, t);
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        CHECK(seconds < 3.0); // two shard timeouts at most, never a hang
        return answer;
    };
    auto require_reported = [&](const std::string& t) {
        INFO("GET " << t);
        const JsonAnswer error = timed_get(*strict, t);
        REQUIRE(error.status == 503);
        CHECK(error.body["error"]["code"] == "shard_unavailable");
        CHECK_THAT(error.body["error"]["message"].get<std::string>(),
                   Catch::Contains(second.address()));
        const JsonAnswer rest = timed_get(*partial, t);
        REQUIRE(rest.status == 200);
        CHECK(rest.body["partial"] == true);
        CHECK(rest.body["failed_shards"] == json::array({second.address()}));
        const json& schema =
            fundus::testing::openapi_document()["paths"]
                                               [t.starts_with("/api/search") ? "/api/search"
                                                : t.starts_with("/api/suggest")
                                                    ? "/api/suggest"
                                                    : "/api/related/{id}"]["get"]["responses"]
                                               ["200"]["content"]["application/json"]["schema"];
        for (const auto& p : fundus::testing::schema_problems(fundus::testing::openapi_document(),
                                                              schema, rest.body))
            FAIL_CHECK(p);
        return rest;
    };

    SECTION("killed: a 503 naming it, or the other shard's results flagged partial") {
        second.kill();
        const JsonAnswer rest = require_reported(target);
        CHECK(rest.body["total"].get<int>() < whole.body["total"].get<int>());
        CHECK(rest.body["total"].get<int>() > 0);
        require_reported("/api/suggest?q=dig");
        require_reported("/api/related/" + rest.body["hits"][0]["id"].get<std::string>());
        const JsonAnswer health = get_json(*strict, "/healthz");
        CHECK(health.status == 503);
        CHECK(health.body["status"] == "shard_unavailable");
        CHECK(get_json(*partial, "/healthz").body["status"] == "partial");
    }
    SECTION("hanging (stopped): the same within the shard timeout; back when it answers again") {
        second.pause();
        require_reported(target);
        second.resume();
        bool back = false;
        for (int i = 0; i < 50 && !back; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            const JsonAnswer again = get_json(*partial, target);
            back = again.status == 200 && !again.body.contains("partial");
        }
        CHECK(back);
        CHECK(get_json(*strict, target).status == 200);
    }
}

TEST_CASE("fundus-index update routes each post to its shard and status shows every shard",
          "[integration][shards][cli]") {
    const std::string bin = fundus::testing::fundus_index_binary().string();
    TempDir dir;
    const auto idx = (dir.path() / "idx").string();
    const auto input = dir.path() / "posts.jsonl";
    std::vector<json> posts;
    {
        std::ifstream in(fundus::testing::source_dir() / "tests" / "fixtures" / "german.jsonl");
        for (std::string line; std::getline(in, line);)
            if (!line.empty())
                posts.push_back(json::parse(line));
    }
    auto write_posts = [&] {
        std::string text;
        for (const auto& p : posts)
            text += p.dump() + "\n";
        write_file(input, text);
    };
    auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), bin);
        return fundus::testing::run_command(args);
    };
    write_posts();
    const auto built =
        run({"build", "--input", input.string(), "--index", idx, "--shards", "2", "--quiet"});
    INFO(built.output);
    REQUIRE(built.exit_code == 0);

    const std::string gone = posts.back()["id"].get<std::string>();
    posts.pop_back();
    posts.front()["title"] = "Ein neuer Titel";
    write_posts();
    const auto report = dir.path() / "report.json";
    const auto updated = run({"update", "--input", input.string(), "--index", idx, "--report",
                              report.string(), "--quiet"});
    INFO(updated.output);
    REQUIRE(updated.exit_code == 0);
    std::ifstream report_in(report);
    const json shards = json::parse(report_in)["shards"];
    REQUIRE(shards.size() == 2);
    std::size_t documents = 0, changed = 0;
    for (const auto& s : shards) {
        documents += s["documents"].get<std::size_t>();
        changed += s["changed"].get<std::size_t>();
        const bool has_gone = s["deleted_ids"] == json::array({gone});
        CHECK(has_gone == (s["shard"] == fundus::index::shard_of(gone, 2)));
    }
    CHECK(documents == posts.size());
    CHECK(changed == 1);

    const auto status = run({"status", "--index", idx, "--json"});
    REQUIRE(status.exit_code == 0);
    const json listed = json::parse(status.output)["shards"];
    REQUIRE(listed.size() == 3); // two shards and the spelling index
    for (const auto& s : listed) {
        CHECK(s["generations"].back()["current"] == true);
        CHECK(s["generations"].back()["generation"] == 2);
    }
    CHECK(listed[2]["index"].get<std::string>().ends_with("spelling"));

    SECTION("a sharded index is never rebuilt as one index, nor updated into other shards") {
        const auto single = run({"build", "--input", input.string(), "--index", idx});
        CHECK(single.exit_code == 2);
        CHECK_THAT(single.output, Catch::Contains("holds 2 shards: pass --shards 2"));
        const auto three =
            run({"update", "--input", input.string(), "--index", idx, "--shards", "3"});
        CHECK(three.exit_code == 2);
        CHECK_THAT(three.output, Catch::Contains("has 2 shards, not 3"));
    }
}

TEST_CASE("a remote shard's new generation is served within poll-ms", "[integration][shards]") {
    if (!std::filesystem::exists(tcpsrv_binary)) {
        WARN("xapian-tcpsrv is not installed (xapian-tools): remote shards untested");
        return;
    }
    TempDir dir;
    const auto idx = dir.path() / "idx";
    const auto input = dir.path() / "posts.jsonl";
    const json post = {{"id", "solo-1"},
                       {"title", "Ein Dorfladen mit Kasse"},
                       {"body", "Text."},
                       {"published", "2024-05-01"},
                       {"type", "post"}};
    auto index = [&](const std::string& title, const std::string& command) {
        json p = post;
        p["title"] = title;
        write_file(input, p.dump() + "\n");
        const auto r = fundus::testing::run_command(
            {fundus::testing::fundus_index_binary().string(), command, "--input", input.string(),
             "--index", idx.string(), "--shards", "1", "--quiet"});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
    };
    index("Ein Dorfladen mit Kasse", "build");
    // tcpsrv serves the `current` path: each new connection opens the generation it points to.
    TcpServer server(idx / "shard-0" / "current" / "xapian");
    ServerProcess daemon(one_index(),
                         {"--shard", server.address(), "--spelling", (idx / "spelling").string()});
    auto titles = [&] {
        const JsonAnswer a = get_json(daemon, "/api/search?q=&size=1");
        REQUIRE(a.status == 200);
        return a.body["hits"][0]["title"].get<std::string>();
    };
    REQUIRE(titles() == "Ein Dorfladen mit Kasse");
    index("Ein Dorfladen ohne Kasse", "update");
    bool switched = false;
    for (int i = 0; i < 50 && !switched; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        switched = titles() == "Ein Dorfladen ohne Kasse";
    }
    CHECK(switched);
}

} // namespace shards_test
