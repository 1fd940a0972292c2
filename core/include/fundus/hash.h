// FNV-1a, 64 bits: the one non-cryptographic hash of the modules (content hashes, the analysis
// fingerprint, shard routing, ETags). Stable across machines and releases. Header-only,
// constexpr, thread-safe.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace fundus {

inline constexpr std::uint64_t fnv1a64_basis = 0xcbf29ce484222325ULL; ///< FNV offset basis

/// FNV-1a over the bytes of `data`, continuing from `hash` (the offset basis to start).
constexpr std::uint64_t fnv1a64(std::string_view data, std::uint64_t hash = fnv1a64_basis) {
    for (const char c : data)
        hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL; // FNV prime
    return hash;
}

/// `hash` as 16 lower-case hex digits.
inline std::string hex64(std::uint64_t hash) {
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
    return out;
}

} // namespace fundus
