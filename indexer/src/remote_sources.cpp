#include "fundus/index/remote_sources.h"

#include "fundus/error.h"

#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <system_error>

namespace fundus::index {

namespace {

struct Url {
    std::string origin; ///< scheme://host[:port]
    std::string target; ///< /path?query
};

Url split_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    const auto host_start = scheme_end + 3;
    const auto path_start = url.find_first_of("/?#", host_start);
    Url u;
    u.origin = url.substr(0, path_start);
    u.target = path_start == std::string::npos ? "/" : url.substr(path_start);
    if (const auto hash = u.target.find('#'); hash != std::string::npos)
        u.target.resize(hash);
    if (u.target.empty() || u.target[0] == '?')
        u.target = "/" + u.target;
    if (u.origin.size() <= host_start)
        throw Error(url + ": not a URL with a host");
    for (const char c : url)
        if (static_cast<unsigned char>(c) <= ' ')
            throw Error(url + ": a URL must not contain spaces or control characters");
    return u;
}

/// The extension the readers recognise a source by, from the URL's path; ".xml" (a feed) when it
/// has none of theirs.
std::string extension_of(const std::string& target) {
    std::string path = target.substr(0, target.find('?'));
    const auto dot = path.rfind('.');
    if (dot != std::string::npos && path.find('/', dot) == std::string::npos) {
        const std::string ext = path.substr(dot);
        for (const char* known : {".jsonl", ".ndjson", ".xml", ".rss", ".atom", ".wxr"})
            if (ext == known)
                return ext;
    }
    return ".xml";
}

} // namespace

RemoteSources::RemoteSources(FetchLimits limits) : limits_(limits) {}

RemoteSources::~RemoteSources() {
    if (!dir_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
}

bool RemoteSources::is_url(std::string_view input) {
    return input.starts_with("http://") || input.starts_with("https://");
}

std::filesystem::path RemoteSources::fetch(const std::string& url) {
    if (!is_url(url))
        throw Error(url + ": only http:// and https:// URLs can be fetched");
    if (dir_.empty()) {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "fundus-index-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw Error("cannot create a temporary folder for downloads in " +
                        std::filesystem::temp_directory_path().string());
        dir_ = pattern;
    }
    std::string current = url;
    for (int redirects = 0;; ++redirects) {
        const Url u = split_url(current);
        httplib::Client client(u.origin);
        if (!client.is_valid())
            throw Error(url + ": cannot connect to " + u.origin);
        const auto seconds = static_cast<time_t>(limits_.timeout.count());
        client.set_connection_timeout(seconds, 0);
        client.set_read_timeout(seconds, 0);
        client.set_write_timeout(seconds, 0);
        client.set_follow_location(false); // redirects counted and checked here
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        client.enable_server_certificate_verification(true);
#endif
        const auto local = dir_ / (std::to_string(names_.size() + 1) + extension_of(u.target));
        std::ofstream out(local, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error(url + ": cannot write the download to " + local.string());
        std::size_t received = 0;
        bool too_large = false;
        int status = 0;
        const auto res = client.Get(
            u.target, {{"Accept", "application/rss+xml, application/atom+xml, application/xml, "
                                  "text/xml, application/x-ndjson;q=0.9, */*;q=0.5"},
                       {"User-Agent", "fundus-index"}},
            [&](const httplib::Response& r) {
                status = r.status;
                return true;
            },
            [&](const char* data, std::size_t length) {
                if (status != 200)
                    return true; // the body of an error or redirect is not kept
                received += length;
                if (received > limits_.max_bytes) {
                    too_large = true;
                    return false;
                }
                out.write(data, static_cast<std::streamsize>(length));
                return static_cast<bool>(out);
            });
        out.close();
        if (too_large)
            throw Error(url + ": larger than " + std::to_string(limits_.max_bytes) + " bytes");
        if (!res)
            throw Error(url + ": " + httplib::to_string(res.error()));
        if (res->status >= 300 && res->status < 400 && res->has_header("Location")) {
            if (redirects >= limits_.max_redirects)
                throw Error(url + ": more than " + std::to_string(limits_.max_redirects) +
                            " redirects");
            std::string location = res->get_header_value("Location");
            if (!is_url(location)) // a path on the same origin
                location = u.origin + (location.starts_with('/') ? "" : "/") + location;
            current = location;
            continue;
        }
        if (res->status != 200)
            throw Error(url + ": the server answered HTTP " + std::to_string(res->status));
        if (!out)
            throw Error(url + ": cannot write the download to " + local.string());
        names_.emplace_back(local.string(), url);
        return local;
    }
}

std::string RemoteSources::to_urls(std::string text) const {
    for (const auto& [local, url] : names_)
        for (auto at = text.find(local); at != std::string::npos;
             at = text.find(local, at + url.size()))
            text.replace(at, local.size(), url);
    return text;
}

} // namespace fundus::index
