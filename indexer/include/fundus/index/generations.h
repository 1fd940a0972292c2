// The index directory: numbered generations, an atomically switched `current` pointer, and the
// writer lock. Layout:
//   DIR/generations/000007/xapian/          the Xapian database of generation 7
//   DIR/generations/000007/generation.json  what was built, when, from what
//   DIR/generations/000008.building/        a build in progress (never read by searchd)
//   DIR/current -> generations/000007       symlink, replaced by rename(2): atomic
//   DIR/lock                                flock(2)ed by the one running writer
// Reading is thread-safe; writing needs the WriterLock.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fundus::index {

struct GenerationInfo {
    unsigned number = 0;
    std::filesystem::path path;     ///< DIR/generations/000007
    nlohmann::json meta;            ///< generation.json (empty object if unreadable)
    bool current = false;
};

class IndexDirectory {
public:
    explicit IndexDirectory(std::filesystem::path root);

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }
    /// The generation `current` points to, or nothing before the first build.
    [[nodiscard]] std::optional<GenerationInfo> current() const;
    /// All complete generations, oldest first.
    [[nodiscard]] std::vector<GenerationInfo> generations() const;
    /// The Xapian database folder of a generation folder.
    static std::filesystem::path database_path(const std::filesystem::path& generation);

    // Writer side (hold a WriterLock).
    /// Creates DIR/generations/<next>.building and returns its number and path; removes stale
    /// .building folders of killed runs first.
    std::pair<unsigned, std::filesystem::path> begin_generation();
    /// Writes generation.json, fsyncs, renames the .building folder to its final name, then
    /// switches `current` to it atomically. Throws fundus::Error on any failure, leaving
    /// `current` as it was.
    void publish(unsigned number, const nlohmann::json& meta);
    /// The first half of publish(): generation.json written, folder renamed and synced; `current`
    /// not switched yet.
    void finish_generation(unsigned number, const nlohmann::json& meta);
    /// Frees the disk space of a run that gave up: empties its .building folder, which the next
    /// run removes, so that a number is never used twice. Best effort, never throws.
    void abandon_generation(unsigned number) noexcept;
    /// Points `current` at an existing complete generation (rollback).
    void switch_to(unsigned number);
    /// Deletes all but the newest `keep` complete generations; never the current one.
    void prune(unsigned keep);

    static std::string generation_name(unsigned number);

private:
    std::filesystem::path root_;
};

/// The time now as "YYYY-MM-DDTHH:MM:SSZ" (UTC), as generation.json's built_at.
std::string utc_now_iso8601();

/// The writer running on an index directory, as `fundus-index status` shows it.
struct WriterInfo {
    long pid = 0;                   ///< its process id (0 when it has not written it yet)
    std::string since;              ///< when it took the lock, "YYYY-MM-DDTHH:MM:SSZ"
    std::optional<unsigned> building; ///< the generation it is writing, once it has begun one
};

/// Exclusive writer lock on DIR/lock (flock). The kernel releases it when the holder dies, so a
/// lock left by a killed job is taken over safely. Throws fundus::Error naming the holder's pid
/// when another writer runs (after retrying for about a second, so that a status probe never
/// makes a writer fail).
class WriterLock {
public:
    explicit WriterLock(const std::filesystem::path& root);
    /// The writer holding DIR/lock now, or nothing. Read-only: takes a shared lock for an instant
    /// to test, never blocks. Thread-safe.
    static std::optional<WriterInfo> running(const std::filesystem::path& root);
    ~WriterLock();
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

private:
    int fd_ = -1;
};

} // namespace fundus::index
