// The main() of the benchmark programs: runs the program and turns an exception that escapes it
// into "TOOL: message" on stderr and exit status 1. Thread-safe as far as the program is.
#pragma once

#include <cstdio>
#include <exception>

namespace fundus::bench {

/// Returns what `run()` returns, or 1 after printing the message of an exception it threw.
template <typename Run> int tool_main(const char* tool, Run run) {
    try {
        return run();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", tool, e.what());
        return 1;
    }
}

} // namespace fundus::bench
