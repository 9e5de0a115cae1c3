// FNV-1a 64-bit hashing: stable run ids and cache keys.
#pragma once

#include <cstdint>
#include <string_view>

namespace ff {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;

/// FNV-1a 64 of `bytes`, continuing from `hash` (pass the previous result to hash in pieces).
inline uint64_t fnv1a64(std::string_view bytes, uint64_t hash = kFnvOffset) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace ff
