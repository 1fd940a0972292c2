#include "server_process.h"

#include "test_support.h"

#include "fundus/hash.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <map>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fundus::testing {

namespace {

std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

} // namespace

std::filesystem::path fundus_index_binary() { return std::filesystem::path(FUNDUS_BINARY_DIR) / "indexer" / "fundus-index"; }
std::filesystem::path fundus_searchd_binary() { return std::filesystem::path(FUNDUS_BINARY_DIR) / "searchd" / "fundus-searchd"; }

namespace {

/// Hashes the path and content of `path`, or of every file below it (in sorted order).
std::uint64_t hash_tree(std::uint64_t hash, const std::filesystem::path& path) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(path)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(path))
            if (e.is_regular_file())
                files.push_back(e.path());
        std::sort(files.begin(), files.end());
    } else {
        files.push_back(path);
    }
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream content;
        content << in.rdbuf();
        hash = fundus::fnv1a64(content.str(), fundus::fnv1a64(file.string(), hash));
    }
    return hash;
}

/// The key of an index built from `input`: its content, the data folder's and the binary's.
std::string fixture_key(const std::filesystem::path& input) {
    std::uint64_t hash = hash_tree(fundus::fnv1a64_basis, input);
    const char* data_env = std::getenv("FUNDUS_DATA_DIR");
    hash = hash_tree(hash, data_env != nullptr && *data_env != '\0' ? std::filesystem::path(data_env)
                                                                     : source_dir() / "data");
    const auto binary = fundus_index_binary();
    const auto stamp = std::filesystem::last_write_time(binary).time_since_epoch().count();
    hash = fundus::fnv1a64(std::to_string(std::filesystem::file_size(binary)) + "/" + std::to_string(stamp), hash);
    return input.filename().string() + "-" + fundus::hex64(hash);
}

} // namespace

const std::filesystem::path& fixture_index(const std::filesystem::path& input) {
    static std::map<std::filesystem::path, std::filesystem::path> built;
    auto& dir = built[input];
    if (!dir.empty())
        return dir;
    const auto cache = std::filesystem::path(FUNDUS_BINARY_DIR) / "tests" / "fixture-indexes";
    const auto target = cache / fixture_key(input);
    if (!std::filesystem::exists(target / "current")) {
        std::filesystem::create_directories(cache);
        const auto fresh = cache / (target.filename().string() + ".tmp." + std::to_string(::getpid()));
        std::filesystem::remove_all(fresh);
        const auto r = run_command({fundus_index_binary().string(), "build", "--input", input.string(),
                                    "--index", fresh.string(), "--quiet"});
        if (r.exit_code != 0) {
            std::filesystem::remove_all(fresh);
            built.erase(input);
            throw std::runtime_error("fundus-index build --input " + input.string() +
                                     " failed: " + r.output);
        }
        // Another test process may have put the same index in place meanwhile: keep that one.
        if (::rename(fresh.c_str(), target.c_str()) != 0)
            std::filesystem::remove_all(fresh);
    }
    dir = target;
    return dir;
}

CommandResult run_command(const std::vector<std::string>& command) {
    int pipefd[2];
    if (::pipe(pipefd) != 0)
        throw std::runtime_error("run_command(): pipe failed");
    std::vector<std::string> args = command;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(pipefd[1], STDOUT_FILENO);
        ::dup2(pipefd[1], STDERR_FILENO);
        ::close(pipefd[0]);
        ::close(pipefd[1]);
        auto argv = argv_of(args);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipefd[1]);
    CommandResult result;
    char buf[4096];
    ssize_t n = 0;
    while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0)
        result.output.append(buf, static_cast<std::size_t>(n));
    ::close(pipefd[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

ServerProcess::ServerProcess(const std::filesystem::path& index_dir, std::vector<std::string> extra) {
    int pipefd[2];
    if (::pipe(pipefd) != 0)
        throw std::runtime_error("ServerProcess: pipe failed");
    std::vector<std::string> args = {fundus_searchd_binary().string(), "--index", index_dir.string(),
                                     "--listen", "127.0.0.1:0", "--poll-ms", "200"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, STDOUT_FILENO);
        ::dup2(pipefd[1], STDERR_FILENO);
        ::close(pipefd[0]);
        ::close(pipefd[1]);
        auto argv = argv_of(args);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipefd[1]);
    stderr_fd_ = pipefd[0];
    // Read stderr until the daemon says where it listens. A sanitized daemon on a busy machine can
    // take several seconds to load its resources; the deadline only catches one that never starts.
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd pfd{stderr_fd_, POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0)
            continue;
        char buf[1024];
        const ssize_t n = ::read(stderr_fd_, buf, sizeof buf);
        if (n <= 0)
            break;
        seen.append(buf, static_cast<std::size_t>(n));
        const auto at = seen.find("listening on http://127.0.0.1:");
        if (at != std::string::npos && seen.find('\n', at) != std::string::npos) {
            port_ = std::stoi(seen.substr(at + std::strlen("listening on http://127.0.0.1:")));
            // Keep draining stderr in the background so the daemon never blocks on a full pipe.
            std::thread([fd = stderr_fd_] {
                char sink[4096];
                while (::read(fd, sink, sizeof sink) > 0) {
                }
                ::close(fd);
            }).detach();
            stderr_fd_ = -1;
            return;
        }
    }
    stop();
    throw std::runtime_error("ServerProcess: fundus-searchd did not start: " + seen);
}

ServerProcess::~ServerProcess() { stop(); }

httplib::Client ServerProcess::client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
}

bool ServerProcess::running() const { return pid_ > 0 && ::kill(pid_, 0) == 0; }

int ServerProcess::stop() {
    if (pid_ <= 0)
        return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return 137;
}

} // namespace fundus::testing
