// Sources given as URLs (`--input https://blog.example/feed.xml`): each is downloaded into a private
// temporary folder first, so that the readers see a file, and the folder's names are mapped back
// to the URLs in every problem and report.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fundus::index {

struct FetchLimits {
    std::size_t max_bytes = 256 * 1024 * 1024; ///< a larger answer is refused
    std::chrono::seconds timeout{60};          ///< per connect, read and write
    int max_redirects = 5;
};

class RemoteSources {
public:
    explicit RemoteSources(FetchLimits limits = {});
    ~RemoteSources(); ///< removes the downloads
    RemoteSources(const RemoteSources&) = delete;
    RemoteSources& operator=(const RemoteSources&) = delete;

    /// True for "http://…" and "https://…".
    static bool is_url(std::string_view input);

    /// Downloads `url` (GET; redirects followed; https verifies the certificate against the
    /// system's CAs) and returns the local file. Throws fundus::Error naming the URL when it is
    /// malformed, unreachable, answers other than 200, or is larger than the limit.
    std::filesystem::path fetch(const std::string& url);

    /// `text` with each downloaded file's local path replaced by its URL.
    [[nodiscard]] std::string to_urls(std::string text) const;

private:
    FetchLimits limits_;
    std::filesystem::path dir_;
    std::vector<std::pair<std::string, std::string>> names_; ///< local path, URL
};

} // namespace fundus::index
