#include "guarded_server.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fundus::searchd {

namespace {

using Clock = std::chrono::steady_clock;

/// Waits up to `timeout` for `events` on `sock`; true when they came.
bool poll_for(socket_t sock, short events, std::chrono::milliseconds timeout) {
    pollfd pfd{sock, events, 0};
    const int ms = static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, timeout.count()));
    int n = 0;
    do {
        n = ::poll(&pfd, 1, ms);
    } while (n < 0 && errno == EINTR);
    return n > 0 && (pfd.revents & (events | POLLHUP | POLLERR)) != 0;
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int rc = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                        : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0)
        return;
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> serv{};
    if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host.data(), host.size(),
                      serv.data(), serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        ip = host.data();
        port = std::atoi(serv.data());
    }
}

/// Before closing after a bad request: stops sending, then reads and discards what the client is
/// still sending (bounded), so that closing does not reset the connection before the client has
/// read the error response (a "lingering close").
void linger_and_discard(socket_t sock) {
    ::shutdown(sock, SHUT_WR);
    const auto until = Clock::now() + std::chrono::milliseconds(500);
    std::array<char, 16384> sink{};
    for (std::size_t discarded = 0; discarded < 1024 * 1024 && Clock::now() < until;) {
        if (!poll_for(sock, POLLIN,
                      std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now())))
            break;
        const ssize_t n = ::recv(sock, sink.data(), sink.size(), 0);
        if (n <= 0)
            break;
        discarded += static_cast<std::size_t>(n);
    }
}

std::chrono::milliseconds to_ms(time_t sec, time_t usec) {
    return std::chrono::milliseconds(sec * 1000 + usec / 1000);
}

} // namespace

/// A socket stream that enforces ConnectionLimits on each request. Buffered, because
/// cpp-httplib reads request lines byte by byte.
class LimitedStream final : public httplib::Stream {
public:
    LimitedStream(socket_t sock, const ConnectionLimits& limits,
                  std::chrono::milliseconds read_timeout, std::chrono::milliseconds write_timeout)
        : sock_(sock), limits_(limits), read_timeout_(read_timeout), write_timeout_(write_timeout) {
    }

    void start_request() {
        started_ = Clock::now();
        deadline_ = started_ + limits_.request_deadline;
        received_ = 0;
        violation_ = RequestViolation::none;
        close_requested_ = false;
    }
    void request_close() { close_requested_ = true; }
    [[nodiscard]] bool close_requested() const { return close_requested_; }
    [[nodiscard]] bool has_buffered() const { return begin_ < end_; }
    [[nodiscard]] RequestViolation violation() const { return violation_; }
    [[nodiscard]] Clock::time_point started() const { return started_; }

    bool is_readable() const override {
        if (has_buffered())
            return true;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - Clock::now());
        return left.count() > 0 && poll_for(sock_, POLLIN, std::min(read_timeout_, left));
    }
    bool is_writable() const override { return poll_for(sock_, POLLOUT, write_timeout_); }

    ssize_t read(char* ptr, size_t size) override {
        if (received_ >= limits_.max_request_bytes) {
            violation_ = RequestViolation::too_large;
            return -1;
        }
        size = std::min(size, limits_.max_request_bytes - received_);
        if (!has_buffered()) {
            if (!is_readable()) {
                violation_ = RequestViolation::deadline; // the deadline, or the read timeout
                return -1;
            }
            ssize_t n = 0;
            do {
                n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
            } while (n < 0 && errno == EINTR);
            if (n <= 0)
                return n;
            begin_ = 0;
            end_ = static_cast<std::size_t>(n);
        }
        const std::size_t n = std::min(size, end_ - begin_);
        std::memcpy(ptr, buffer_.data() + begin_, n);
        begin_ += n;
        received_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable())
            return -1;
        ssize_t n = 0;
        do {
            n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
        return n;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        address_of(sock_, true, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        address_of(sock_, false, ip, port);
    }
    socket_t socket() const override { return sock_; }

private:
    socket_t sock_;
    const ConnectionLimits& limits_;
    std::chrono::milliseconds read_timeout_, write_timeout_;
    std::array<char, 4096> buffer_{};
    std::size_t begin_ = 0, end_ = 0;
    std::size_t received_ = 0;
    Clock::time_point started_{}, deadline_ = Clock::time_point::max();
    RequestViolation violation_ = RequestViolation::none;
    bool close_requested_ = false;
};

namespace {

thread_local LimitedStream* current_stream = nullptr;

} // namespace

WorkerPool::WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
        threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    if (!threads_.empty())
        shutdown();
}

void WorkerPool::enqueue(std::function<void()> fn) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(fn));
        ++waiting_;
    }
    wake_.notify_one();
}

void WorkerPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        shutdown_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
}

void WorkerPool::work() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return !jobs_.empty() || shutdown_; });
            if (jobs_.empty())
                return; // shut down, and nothing left to drain
            job = std::move(jobs_.front());
            jobs_.pop_front();
            --waiting_;
        }
        job();
    }
}

GuardedServer::GuardedServer(ConnectionLimits limits, std::size_t threads) : limits_(limits) {
    new_task_queue = [this, threads] {
        pool_ = new WorkerPool(threads);
        return pool_;
    };
}

RequestViolation GuardedServer::current_violation() {
    return current_stream != nullptr ? current_stream->violation() : RequestViolation::none;
}

void GuardedServer::close_after_response() {
    if (current_stream != nullptr)
        current_stream->request_close();
}

double GuardedServer::current_request_seconds() {
    if (current_stream == nullptr)
        return 0;
    return std::chrono::duration<double>(Clock::now() - current_stream->started()).count();
}

bool GuardedServer::await_request(LimitedStream& stream, bool first) {
    if (stream.has_buffered())
        return true; // a pipelined request
    // The first request of a connection accepted before stop() is still answered (draining).
    const auto limit = first ? to_ms(read_timeout_sec_, read_timeout_usec_)
                             : std::chrono::milliseconds(keep_alive_timeout_sec_ * 1000);
    const auto until = Clock::now() + limit;
    constexpr std::chrono::milliseconds slice{50};
    while (Clock::now() < until) {
        if (poll_for(stream.socket(), POLLIN, slice))
            return true;
        if (first)
            continue;
        if (svr_sock_ == INVALID_SOCKET)
            return false; // stopping: idle connections close
        if (pool_ != nullptr && pool_->waiting() > 0)
            return false; // an idle connection yields its worker to a waiting one
    }
    return false;
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
    const int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    LimitedStream stream(sock, limits_, to_ms(read_timeout_sec_, read_timeout_usec_),
                         to_ms(write_timeout_sec_, write_timeout_usec_));
    current_stream = &stream;
    bool ok = false;
    for (std::size_t served = 0; served < std::max<std::size_t>(1, keep_alive_max_count_);
         ++served) {
        if (!await_request(stream, served == 0))
            break;
        stream.start_request();
        const bool last = served + 1 >= keep_alive_max_count_ || svr_sock_ == INVALID_SOCKET;
        bool connection_closed = false;
        bool parsed = false;
        ok = process_request(stream, last, connection_closed,
                             [&](httplib::Request&) { parsed = true; });
        // After a malformed request the byte stream cannot be trusted to frame another one.
        if (!parsed || stream.violation() != RequestViolation::none || stream.close_requested()) {
            linger_and_discard(sock);
            break;
        }
        if (!ok || last || connection_closed)
            break;
    }
    current_stream = nullptr;
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
}

} // namespace fundus::searchd
