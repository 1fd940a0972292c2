// Private: cpp-httplib's Server with the connection limits that cpp-httplib 0.11 lacks. Debian
// compiles the library's limits into libcpp-httplib.so (8 KiB per line, but any number of header
// lines; a read timeout per read(), so one byte every few seconds keeps a connection forever).
// GuardedServer runs each connection itself and adds: a deadline for receiving a whole request, a
// byte limit for one request, closing after a malformed request, idle keep-alive connections that
// yield their worker to waiting connections, and draining of accepted connections on stop().
// Thread-safe like httplib::Server: configure before listening; stop() from any thread.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fundus::searchd {

struct ConnectionLimits {
    /// From the first byte of a request to its last: a request that trickles in slower is cut.
    std::chrono::milliseconds request_deadline{10000};
    /// Request line, headers and body of one request together.
    std::size_t max_request_bytes = 32 * 1024;
};

/// Why the current request on this thread was cut short, for the error response.
enum class RequestViolation { none, deadline, too_large };

/// A fixed pool of worker threads that can tell whether connections are waiting for a worker.
class WorkerPool final : public httplib::TaskQueue {
public:
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool() override;
    void enqueue(std::function<void()> fn) override;
    /// Runs every queued job, then joins the workers.
    void shutdown() override;
    [[nodiscard]] std::size_t waiting() const { return waiting_.load(); }

private:
    std::vector<std::thread> threads_;
    std::deque<std::function<void()>> jobs_;
    std::atomic<std::size_t> waiting_{0};
    bool shutdown_ = false;
    std::mutex mutex_;
    std::condition_variable wake_;
    void work();
};

class GuardedServer : public httplib::Server {
public:
    GuardedServer(ConnectionLimits limits, std::size_t threads);

    /// What cut the request being answered on this thread short (none outside a request).
    static RequestViolation current_violation();
    /// Seconds since the first byte of the request being answered on this thread arrived.
    static double current_request_seconds();
    /// Closes the connection after the response being written on this thread (for requests whose
    /// framing cannot be trusted, such as a GET with a body).
    static void close_after_response();

private:
    ConnectionLimits limits_;
    WorkerPool* pool_ = nullptr; ///< owned by httplib (new_task_queue), alive while listening

    bool process_and_close_socket(socket_t sock) override;
    /// Waits until the connection has a request to read; false when it should be closed.
    bool await_request(class LimitedStream& stream, bool first);
};

} // namespace fundus::searchd
