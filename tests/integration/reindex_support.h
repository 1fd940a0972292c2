// Helpers of the reindex integration tests: fundus-index as a child process that a test can
// watch and kill, JSON Lines sources written on the fly, `status --json`. Not thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace fundus::testing {

/// fundus-index started with extra environment variables; its stdout and stderr are collected.
/// The destructor kills (SIGKILL) and reaps it if it still runs.
class IndexerProcess {
public:
    IndexerProcess(const std::vector<std::string>& args,
                   const std::vector<std::pair<std::string, std::string>>& env = {});
    ~IndexerProcess();
    IndexerProcess(const IndexerProcess&) = delete;
    IndexerProcess& operator=(const IndexerProcess&) = delete;

    /// Reads output until it contains `marker`; false when the process ended or time ran out.
    bool wait_for(const std::string& marker, std::chrono::milliseconds timeout);
    /// kill -9, then reaps the process.
    void kill_hard();
    /// Waits for the end; the exit code (128 + signal when killed).
    int wait();
    [[nodiscard]] int pid() const { return pid_; }
    [[nodiscard]] const std::string& output() const { return output_; }

private:
    int pid_ = -1;
    int fd_ = -1;
    int status_ = -1;
    std::string output_;

    bool read_some(int timeout_ms);
};

/// fundus-searchd on a free loopback port with exactly the given options (ServerProcess always
/// passes its own short --poll-ms); stopped with SIGTERM when the object dies.
class SearchdProcess {
public:
    SearchdProcess(const std::filesystem::path& index_dir, const std::vector<std::string>& extra);
    ~SearchdProcess();
    SearchdProcess(const SearchdProcess&) = delete;
    SearchdProcess& operator=(const SearchdProcess&) = delete;
    [[nodiscard]] int port() const { return port_; }

private:
    int pid_ = -1;
    int port_ = 0;
};

/// One post as a JSON Lines record.
nlohmann::json post_record(const std::string& id, const std::string& title, const std::string& body,
                           const std::string& published = "2024-05-01");
/// Writes records, one a line.
void write_jsonl(const std::filesystem::path& file, const std::vector<nlohmann::json>& records);
/// The records of a JSON Lines file.
std::vector<nlohmann::json> read_jsonl_records(const std::filesystem::path& file);
/// `fundus-index status --index DIR --json`, parsed.
nlohmann::json index_status(const std::filesystem::path& index_dir);
/// The current generation's entry of index_status(), or null.
nlohmann::json current_generation(const std::filesystem::path& index_dir);

} // namespace fundus::testing
