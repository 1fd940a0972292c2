// Copying and syncing closed Xapian database folders (private to fundus_index).
// Thread-safe (no shared state).
#pragma once

#include <filesystem>

namespace fundus::index::detail {

/// Copies the files of the database folder `from` into the new folder `to` and fsyncs them: a
/// reflink where the file system can share blocks (Btrfs, XFS), else copy_file_range(2). Never
/// hard links: Xapian rewrites blocks in place, which would change the source too. `from` must not
/// be written meanwhile (a published generation never is). Throws fundus::Error on failure.
void copy_database(const std::filesystem::path& from, const std::filesystem::path& to);

/// fsyncs every file of the database folder `path` and the folder itself (for a database Xapian
/// wrote without syncing, such as a compaction's output). Throws fundus::Error on failure.
void sync_database(const std::filesystem::path& path);

} // namespace fundus::index::detail
