#include "fundus/searchd/shards.h"

#include "fundus/error.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace fundus::searchd {

namespace {

constexpr std::string_view tcp_scheme = "tcp://";

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos)
        return {};
    return std::string(s.substr(first, s.find_last_not_of(" \t\r") - first + 1));
}

/// "HOST:PORT" or "[IPv6]:PORT"; throws fundus::Error with `where` in front.
ShardAddress remote_address(std::string_view text, const std::string& where) {
    const auto colon = text.rfind(':');
    unsigned port = 0;
    const char* end = text.data() + text.size();
    if (colon == std::string_view::npos || colon == 0 ||
        std::from_chars(text.data() + colon + 1, end, port).ptr != end || port == 0 || port > 65535)
        throw Error(where + ": expected HOST:PORT with a port from 1 to 65535, got '" +
                    std::string(text) + "'");
    std::string host(text.substr(0, colon));
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    ShardAddress out;
    out.kind = ShardAddress::Kind::remote;
    out.host = std::move(host);
    out.port = port;
    return out;
}

} // namespace

std::string ShardAddress::name() const {
    if (kind == Kind::local)
        return dir.string();
    const bool v6 = host.find(':') != std::string::npos;
    return std::string(tcp_scheme) + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ShardAddress parse_shard(const std::string& text, const std::string& key) {
    const std::string value = trimmed(text);
    if (value.empty())
        throw Error(key + ": empty shard");
    if (value.starts_with(tcp_scheme))
        return remote_address(std::string_view(value).substr(tcp_scheme.size()),
                              key + " '" + value + "'");
    if (value.find("://") != std::string::npos)
        throw Error(key + ": '" + value + "' is neither tcp://HOST:PORT nor a directory");
    ShardAddress out;
    out.dir = value;
    return out;
}

std::vector<ShardAddress> parse_stub(std::string_view text, const std::filesystem::path& file) {
    std::vector<ShardAddress> out;
    std::size_t number = 0;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        const std::string line = trimmed(text.substr(0, newline));
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        const std::string where = file.string() + ":" + std::to_string(++number);
        if (line.empty() || line.front() == '#')
            continue;
        const auto space = line.find(' ');
        const std::string type = line.substr(0, space);
        const std::string rest = space == std::string::npos ? "" : trimmed(line.substr(space + 1));
        if ((type == "auto" || type == "glass") && !rest.empty()) {
            ShardAddress local;
            local.dir = std::filesystem::path(rest).is_absolute() ? std::filesystem::path(rest)
                                                                  : file.parent_path() / rest;
            out.push_back(std::move(local));
        } else if (type == "remote" && !rest.empty() && rest.front() != ':') {
            out.push_back(remote_address(rest, where));
        } else {
            throw Error(where +
                        ": expected 'auto PATH', 'glass PATH' or 'remote HOST:PORT', got '" + line +
                        "'");
        }
    }
    if (out.empty())
        throw Error(file.string() + ": the stub database file lists no database");
    return out;
}

std::vector<ShardAddress> read_stub(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error("shards-stub: cannot read '" + file.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_stub(text.str(), file);
}

} // namespace fundus::searchd
