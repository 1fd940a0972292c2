// Progress of a fundus-index run for people and for logs: a one-line bar with counts and rate on
// a terminal, plain log lines every few seconds without one (cron, systemd). Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

namespace fundus::index {

class ProgressMeter {
public:
    struct Options {
        bool terminal = false;    ///< draw a bar (redrawn in place) instead of log lines
        std::size_t expected = 0; ///< records expected (the previous generation's), 0: unknown
        std::chrono::milliseconds log_every{10000}; ///< without a terminal: a line this often
        std::size_t width = 30;   ///< characters of the bar between the brackets
    };

    /// Writes to `out` (usually stderr), which must outlive the meter.
    ProgressMeter(std::FILE* out, Options options);

    /// `records` taken so far; cheap enough to call for every record.
    void update(std::size_t records);
    /// A line that must not be mixed into the bar (a rejected record, a stage): the bar is
    /// cleared, the line written, the bar drawn again at the next update.
    void message(std::string_view line);
    /// Clears the bar; writes a last log line without a terminal.
    void finish();

    /// The bar line for `done` records after `seconds` ("[=====>    ]  4,500/10,000  1,250/s
    /// 0:04 left"); without `expected` (or past it) the counts and the rate only. Pure.
    static std::string bar_line(std::size_t done, std::size_t expected, double seconds,
                                std::size_t width);
    /// The log line ("fundus-index: 4500 records, 1250/s"). Pure.
    static std::string log_line(std::size_t done, double seconds);

private:
    using Clock = std::chrono::steady_clock;
    std::FILE* out_;
    Options options_;
    Clock::time_point started_;
    Clock::time_point last_output_;
    std::size_t done_ = 0;
    bool bar_shown_ = false;

    [[nodiscard]] double elapsed() const;
    void clear_bar();
};

} // namespace fundus::index
