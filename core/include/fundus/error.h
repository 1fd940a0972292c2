// fundus::Error, the exception for programmer and configuration errors. Thread-safe (immutable).
#pragma once

#include <stdexcept>
#include <string>

namespace fundus {

/// Thrown for programmer and configuration errors (a missing resource file, an index that cannot
/// be opened). The message starts with the name of the function that threw, then the value that
/// was wrong. Untrusted input (records, query parameters) is reported through result values, never
/// through this exception.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

} // namespace fundus
