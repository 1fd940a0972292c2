// Runs the real fundus-index and fundus-searchd binaries for integration tests: a daemon on a free
// loopback port, stopped (SIGTERM) when the object dies. Not thread-safe.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fundus::testing {

struct CommandResult {
    int exit_code = -1;
    std::string output; ///< stdout and stderr together
};

/// Runs a command (argv[0] a path) and waits for it.
CommandResult run_command(const std::vector<std::string>& argv);

std::filesystem::path fundus_index_binary();
std::filesystem::path fundus_searchd_binary();

/// An index built by the real fundus-index from `input` (a fixture file or folder). Built once per
/// build tree for each content of the input, the data folder and the fundus-index binary, and
/// kept in BUILD/tests/fixture-indexes/ for the next test processes (ctest runs each test case in
/// a process of its own). Tests must only read it (serve it).
/// Throws std::runtime_error with fundus-index's output when the build fails.
const std::filesystem::path& fixture_index(const std::filesystem::path& input);

class ServerProcess {
public:
    /// Starts fundus-searchd on 127.0.0.1 with a free port; `extra` arguments are appended.
    /// Throws std::runtime_error when it does not come up within 10 s.
    explicit ServerProcess(const std::filesystem::path& index_dir, std::vector<std::string> extra = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] int pid() const { return pid_; }
    [[nodiscard]] httplib::Client client() const;
    /// Sends SIGTERM and waits; returns the exit status.
    int stop();
    [[nodiscard]] bool running() const;

private:
    int pid_ = -1;
    int port_ = 0;
    int stderr_fd_ = -1;
};

} // namespace fundus::testing
