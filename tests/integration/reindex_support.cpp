#include "reindex_support.h"

#include "server_process.h"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fundus::testing {

IndexerProcess::IndexerProcess(const std::vector<std::string>& args,
                               const std::vector<std::pair<std::string, std::string>>& env) {
    int pipefd[2];
    if (::pipe(pipefd) != 0)
        throw std::runtime_error("IndexerProcess: pipe failed");
    std::vector<std::string> argv_strings = {fundus_index_binary().string()};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipefd[1], STDOUT_FILENO);
        ::dup2(pipefd[1], STDERR_FILENO);
        ::close(pipefd[0]);
        ::close(pipefd[1]);
        for (const auto& [name, value] : env)
            ::setenv(name.c_str(), value.c_str(), 1);
        std::vector<char*> argv;
        for (auto& a : argv_strings)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipefd[1]);
    fd_ = pipefd[0];
}

IndexerProcess::~IndexerProcess() {
    if (status_ < 0 && pid_ > 0)
        kill_hard();
    if (fd_ >= 0)
        ::close(fd_);
}

bool IndexerProcess::read_some(int timeout_ms) {
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) <= 0)
        return true; // nothing yet
    char buf[4096];
    const ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0)
        return false; // the process closed its output: it ended
    output_.append(buf, static_cast<std::size_t>(n));
    return true;
}

bool IndexerProcess::wait_for(const std::string& marker, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (output_.find(marker) == std::string::npos) {
        if (std::chrono::steady_clock::now() >= deadline || !read_some(50))
            return output_.find(marker) != std::string::npos;
    }
    return true;
}

void IndexerProcess::kill_hard() {
    if (status_ >= 0)
        return;
    ::kill(pid_, SIGKILL);
    wait();
}

int IndexerProcess::wait() {
    if (status_ < 0) {
        while (read_some(100)) {
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return status_;
}

SearchdProcess::SearchdProcess(const std::filesystem::path& index_dir,
                               const std::vector<std::string>& extra) {
    std::vector<std::string> args = {fundus_searchd_binary().string(), "--index", index_dir.string(),
                                     "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    int pipefd[2];
    if (::pipe(pipefd) != 0)
        throw std::runtime_error("SearchdProcess: pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipefd[1], STDERR_FILENO);
        ::close(pipefd[0]);
        ::close(pipefd[1]);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipefd[1]);
    const std::string marker = "listening on http://127.0.0.1:";
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{pipefd[0], POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0)
            continue;
        char buf[1024];
        const ssize_t n = ::read(pipefd[0], buf, sizeof buf);
        if (n <= 0)
            break;
        seen.append(buf, static_cast<std::size_t>(n));
        const auto at = seen.find(marker);
        if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
            port_ = std::stoi(seen.substr(at + marker.size()));
            // Keep draining stderr so that the daemon never blocks on a full pipe.
            std::thread([fd = pipefd[0]] {
                char sink[4096];
                while (::read(fd, sink, sizeof sink) > 0) {
                }
                ::close(fd);
            }).detach();
            return;
        }
    }
    ::close(pipefd[0]);
    throw std::runtime_error("SearchdProcess: fundus-searchd did not start: " + seen);
}

SearchdProcess::~SearchdProcess() {
    if (pid_ <= 0)
        return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
}

nlohmann::json post_record(const std::string& id, const std::string& title, const std::string& body,
                           const std::string& published) {
    return {{"id", id},
            {"url", "https://land-digital.example/" + id},
            {"title", title},
            {"body", body},
            {"published", published},
            {"type", "post"},
            {"topics", {"Breitband"}}};
}

void write_jsonl(const std::filesystem::path& file, const std::vector<nlohmann::json>& records) {
    std::ofstream out(file);
    for (const auto& r : records)
        out << r.dump() << '\n';
}

std::vector<nlohmann::json> read_jsonl_records(const std::filesystem::path& file) {
    std::vector<nlohmann::json> records;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            records.push_back(nlohmann::json::parse(line));
    return records;
}

nlohmann::json index_status(const std::filesystem::path& index_dir) {
    const auto r = run_command({fundus_index_binary().string(), "status", "--index",
                                index_dir.string(), "--json"});
    if (r.exit_code != 0)
        throw std::runtime_error("fundus-index status failed: " + r.output);
    return nlohmann::json::parse(r.output);
}

nlohmann::json current_generation(const std::filesystem::path& index_dir) {
    const auto status = index_status(index_dir);
    for (const auto& g : status["generations"])
        if (g["current"] == true)
            return g;
    return nullptr;
}

} // namespace fundus::testing
