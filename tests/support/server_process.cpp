#include "server_process.h"

#include "test_support.h"

#include <chrono>
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

const std::filesystem::path& fixture_index(const std::filesystem::path& input) {
    static std::map<std::filesystem::path, std::unique_ptr<TempDir>> built;
    auto& dir = built[input];
    if (!dir) {
        auto fresh = std::make_unique<TempDir>();
        const auto r = run_command({fundus_index_binary().string(), "build", "--input", input.string(),
                                    "--index", fresh->path().string(), "--quiet"});
        if (r.exit_code != 0) {
            built.erase(input);
            throw std::runtime_error("fundus-index build --input " + input.string() +
                                     " failed: " + r.output);
        }
        dir = std::move(fresh);
    }
    return dir->path();
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
    // Read stderr until the daemon says where it listens.
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
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
