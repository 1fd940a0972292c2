#include "fundus/index/generations.h"

#include "fundus/error.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fundus::index {

namespace fs = std::filesystem;

namespace {

constexpr const char* building_suffix = ".building";
constexpr int lock_attempts = 20;
constexpr std::chrono::milliseconds lock_retry_pause{50};

long read_pid(int fd) {
    char buf[32] = {};
    const auto n = ::pread(fd, buf, sizeof buf - 1, 0);
    return n > 0 ? std::strtol(buf, nullptr, 10) : 0;
}

std::string iso8601(std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("IndexDirectory: cannot open " + path.string() + " to sync: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        throw Error("IndexDirectory: fsync of " + path.string() + " failed: " + std::strerror(errno));
}

std::optional<unsigned> parse_number(const std::string& name) {
    if (name.size() != 6)
        return std::nullopt;
    unsigned n = 0;
    for (char c : name) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + static_cast<unsigned>(c - '0');
    }
    return n;
}

nlohmann::json read_meta(const fs::path& generation) {
    std::ifstream in(generation / "generation.json");
    if (!in)
        return nlohmann::json::object();
    auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

} // namespace

IndexDirectory::IndexDirectory(fs::path root) : root_(std::move(root)) {}

std::string IndexDirectory::generation_name(unsigned number) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%06u", number);
    return buf;
}

fs::path IndexDirectory::database_path(const fs::path& generation) { return generation / "xapian"; }

std::optional<GenerationInfo> IndexDirectory::current() const {
    std::error_code ec;
    const fs::path target = fs::read_symlink(root_ / "current", ec);
    if (ec)
        return std::nullopt;
    const auto number = parse_number(target.filename().string());
    if (!number)
        return std::nullopt;
    GenerationInfo info{*number, root_ / target, {}, true};
    info.meta = read_meta(info.path);
    return info;
}

std::vector<GenerationInfo> IndexDirectory::generations() const {
    std::vector<GenerationInfo> out;
    std::error_code ec;
    const auto cur = current();
    for (const auto& entry : fs::directory_iterator(root_ / "generations", ec)) {
        const auto number = parse_number(entry.path().filename().string());
        if (!number || !entry.is_directory())
            continue;
        out.push_back({*number, entry.path(), read_meta(entry.path()), cur && cur->number == *number});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.number < b.number; });
    return out;
}

std::pair<unsigned, fs::path> IndexDirectory::begin_generation() {
    const fs::path dir = root_ / "generations";
    fs::create_directories(dir);
    unsigned next = 1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (name.ends_with(building_suffix)) {
            fs::remove_all(entry.path(), ec); // a killed run's leftovers; we hold the lock
            name.resize(name.size() - std::strlen(building_suffix));
        }
        if (const auto n = parse_number(name))
            next = std::max(next, *n + 1);
    }
    const fs::path staging = dir / (generation_name(next) + building_suffix);
    fs::create_directories(staging);
    return {next, staging};
}

void IndexDirectory::publish(unsigned number, const nlohmann::json& meta) {
    finish_generation(number, meta);
    switch_to(number);
}

void IndexDirectory::finish_generation(unsigned number, const nlohmann::json& meta) {
    const fs::path dir = root_ / "generations";
    const fs::path staging = dir / (generation_name(number) + building_suffix);
    const fs::path final_path = dir / generation_name(number);
    {
        std::ofstream out(staging / "generation.json");
        out << meta.dump(2) << '\n';
        if (!out.flush())
            throw Error("IndexDirectory::publish(): cannot write " + (staging / "generation.json").string());
    }
    fsync_path(staging / "generation.json");
    fsync_path(staging);
    fs::rename(staging, final_path);
    fsync_path(dir);
}

void IndexDirectory::abandon_generation(unsigned number) noexcept {
    // Empty, not removed: the folder keeps its number taken until the next run removes it.
    const fs::path staging = root_ / "generations" / (generation_name(number) + building_suffix);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(staging, ec)) {
        std::error_code ignored;
        fs::remove_all(entry.path(), ignored);
    }
}

void IndexDirectory::switch_to(unsigned number) {
    const fs::path target = fs::path("generations") / generation_name(number);
    if (!fs::is_directory(root_ / target))
        throw Error("IndexDirectory::switch_to(): no generation " + generation_name(number) +
                    " in " + root_.string());
    const fs::path temp = root_ / ("current.tmp." + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove(temp, ec);
    fs::create_symlink(target, temp);
    if (::rename(temp.c_str(), (root_ / "current").c_str()) != 0)
        throw Error("IndexDirectory::switch_to(): rename failed: " + std::string(std::strerror(errno)));
    fsync_path(root_);
}

void IndexDirectory::prune(unsigned keep) {
    auto all = generations();
    std::size_t kept = 0;
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        if (it->current || kept < keep) {
            ++kept;
            continue;
        }
        std::error_code ec;
        fs::remove_all(it->path, ec);
    }
}

std::string utc_now_iso8601() { return iso8601(std::time(nullptr)); }

WriterLock::WriterLock(const fs::path& root) {
    fs::create_directories(root);
    const fs::path path = root / "lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error("WriterLock: cannot open " + path.string() + ": " + std::strerror(errno));
    // `status` probes the lock with a shared lock for an instant; retrying for a second keeps such
    // a probe from making a starting writer fail.
    bool locked = false;
    for (int attempt = 0; attempt < lock_attempts && !locked; ++attempt) {
        locked = ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
        if (!locked && attempt + 1 < lock_attempts)
            std::this_thread::sleep_for(lock_retry_pause);
    }
    if (!locked) {
        const long pid = read_pid(fd_);
        ::close(fd_);
        fd_ = -1;
        throw Error("WriterLock: another fundus-index is writing " + root.string() +
                    (pid > 0 ? " (pid " + std::to_string(pid) + ")" : ""));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
        // The pid is informational only; the flock is what excludes other writers.
    }
}

std::optional<WriterInfo> WriterLock::running(const fs::path& root) {
    const fs::path path = root / "lock";
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    if (::flock(fd, LOCK_SH | LOCK_NB) == 0) {
        ::close(fd); // closing releases the probe
        return std::nullopt;
    }
    WriterInfo info;
    info.pid = read_pid(fd);
    struct stat st {};
    if (::fstat(fd, &st) == 0)
        info.since = iso8601(st.st_mtime);
    ::close(fd);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / "generations", ec)) {
        std::string name = entry.path().filename().string();
        if (!name.ends_with(building_suffix))
            continue;
        name.resize(name.size() - std::strlen(building_suffix));
        if (const auto n = parse_number(name); n && (!info.building || *n > *info.building))
            info.building = n;
    }
    return info;
}

WriterLock::~WriterLock() {
    if (fd_ >= 0)
        ::close(fd_);
}

} // namespace fundus::index
