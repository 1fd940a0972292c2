#include "fundus/index/progress.h"

#include <cmath>

namespace fundus::index {

namespace {

constexpr std::chrono::milliseconds redraw_every{100};

/// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

std::string minutes_seconds(double seconds) {
    const auto s = static_cast<long>(std::lround(seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

std::size_t rate_of(std::size_t done, double seconds) {
    return seconds > 0 ? static_cast<std::size_t>(std::lround(static_cast<double>(done) / seconds))
                       : 0;
}

} // namespace

ProgressMeter::ProgressMeter(std::FILE* out, Options options)
    : out_(out), options_(options), started_(Clock::now()), last_output_(started_) {}

double ProgressMeter::elapsed() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
}

std::string ProgressMeter::bar_line(std::size_t done, std::size_t expected, double seconds,
                                    std::size_t width) {
    const std::size_t rate = rate_of(done, seconds);
    std::string line;
    if (expected > 0 && done <= expected) {
        const std::size_t filled = width * done / expected;
        line += '[';
        line.append(filled, '=');
        if (filled < width)
            line += '>';
        line.append(width - std::min(width, filled + 1), ' ');
        line += "] ";
        line += grouped(done);
        line += '/';
        line += grouped(expected);
        line += "  ";
        line += grouped(rate);
        line += "/s";
        if (rate > 0) {
            line += "  ";
            line += minutes_seconds(static_cast<double>(expected - done) / static_cast<double>(rate));
            line += " left";
        }
    } else {
        line += grouped(done);
        line += " records  ";
        line += grouped(rate);
        line += "/s  ";
        line += minutes_seconds(seconds);
    }
    return line;
}

std::string ProgressMeter::log_line(std::size_t done, double seconds) {
    return "fundus-index: " + std::to_string(done) + " records, " +
           std::to_string(rate_of(done, seconds)) + "/s";
}

void ProgressMeter::update(std::size_t records) {
    done_ = records;
    const auto now = Clock::now();
    if (options_.terminal) {
        if (now - last_output_ < redraw_every && bar_shown_)
            return;
        std::fprintf(out_, "\r%s\033[K", bar_line(done_, options_.expected, elapsed(), options_.width).c_str());
        std::fflush(out_);
        bar_shown_ = true;
    } else {
        if (now - last_output_ < options_.log_every)
            return;
        std::fprintf(out_, "%s\n", log_line(done_, elapsed()).c_str());
        std::fflush(out_);
    }
    last_output_ = now;
}

void ProgressMeter::clear_bar() {
    if (bar_shown_)
        std::fputs("\r\033[K", out_);
    bar_shown_ = false;
}

void ProgressMeter::message(std::string_view line) {
    clear_bar();
    std::fprintf(out_, "%.*s\n", static_cast<int>(line.size()), line.data());
    std::fflush(out_);
}

void ProgressMeter::finish() {
    if (options_.terminal)
        clear_bar();
    else if (done_ > 0)
        std::fprintf(out_, "%s\n", log_line(done_, elapsed()).c_str());
    std::fflush(out_);
}

} // namespace fundus::index
