// Raw HTTP/1.1 over a loopback socket for tests that must send what no well-behaved client sends:
// malformed, oversized, pipelined or trickled requests. Not thread-safe per connection.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fundus::testing {

struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers; ///< names lower-cased
    std::string body;
};

/// Splits what a server sent into responses (Content-Length framing); a truncated tail is dropped.
std::vector<RawResponse> parse_responses(std::string_view bytes);

/// One client connection to 127.0.0.1:port.
class RawConnection {
public:
    /// Throws std::runtime_error when it cannot connect.
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// Sends all of `bytes`; false when the server closed the connection.
    bool send(std::string_view bytes);
    /// No more requests: half-closes the sending side.
    void finish_sending();
    /// Reads until the server closes the connection or `timeout` passes; returns what came.
    std::string read_all(std::chrono::milliseconds timeout);
    /// True when the server closed the connection within `timeout` (what was sent is discarded).
    bool closed_within(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
};

/// Sends `request` on a fresh connection, half-closes it, and returns the responses that came
/// within `timeout`.
std::vector<RawResponse> raw_exchange(int port, std::string_view request,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// True when a new TCP connection to 127.0.0.1:port is accepted.
bool can_connect(int port);

/// Resident memory of a process in KiB (VmRSS), or nothing.
std::optional<long> resident_kib(int pid);

} // namespace fundus::testing
