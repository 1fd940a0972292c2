#include "raw_http.h"

#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace fundus::testing {

namespace {

int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::vector<RawResponse> parse_responses(std::string_view bytes) {
    std::vector<RawResponse> out;
    while (!bytes.empty()) {
        const auto head_end = bytes.find("\r\n\r\n");
        if (head_end == std::string_view::npos || !bytes.starts_with("HTTP/1."))
            break;
        RawResponse r;
        const std::string_view head = bytes.substr(0, head_end);
        const auto line_end = head.find("\r\n");
        const std::string_view status_line = head.substr(0, line_end);
        if (status_line.size() < 12)
            break;
        r.status = std::stoi(std::string(status_line.substr(9, 3)));
        std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
        while (at < head.size()) {
            auto next = head.find("\r\n", at);
            if (next == std::string_view::npos)
                next = head.size();
            const std::string_view line = head.substr(at, next - at);
            const auto colon = line.find(':');
            if (colon != std::string_view::npos) {
                std::string value(line.substr(colon + 1));
                value.erase(0, value.find_first_not_of(' '));
                r.headers[lower(std::string(line.substr(0, colon)))] = value;
            }
            at = next + 2;
        }
        bytes.remove_prefix(head_end + 4);
        std::size_t length = 0;
        if (const auto it = r.headers.find("content-length"); it != r.headers.end())
            length = std::stoul(it->second);
        if (bytes.size() < length)
            break;
        r.body = std::string(bytes.substr(0, length));
        bytes.remove_prefix(length);
        out.push_back(std::move(r));
    }
    return out;
}

RawConnection::RawConnection(int port) : fd_(connect_to(port)) {
    if (fd_ < 0)
        throw std::runtime_error("RawConnection: cannot connect to port " + std::to_string(port));
}

RawConnection::~RawConnection() {
    if (fd_ >= 0)
        ::close(fd_);
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void RawConnection::finish_sending() {
    ::shutdown(fd_, SHUT_WR);
}

std::string RawConnection::read_all(std::chrono::milliseconds timeout) {
    std::string out;
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buf[8192];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            break;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
            break;
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buf[8192];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            until - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd pfd{fd_, POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left.count())) <= 0)
            return false;
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0)
            return true;
    }
}

std::vector<RawResponse> raw_exchange(int port, std::string_view request,
                                      std::chrono::milliseconds timeout) {
    RawConnection connection(port);
    connection.send(request);
    connection.finish_sending();
    return parse_responses(connection.read_all(timeout));
}

bool can_connect(int port) {
    const int fd = connect_to(port);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

std::optional<long> resident_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with("VmRSS:"))
            return std::stol(line.substr(6));
    return std::nullopt;
}

} // namespace fundus::testing
