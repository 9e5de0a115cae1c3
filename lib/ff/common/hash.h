// FNV-1a 64-bit hashing (Fowler, Noll & Vo): stable run ids, noise seeds and cache keys.
#pragma once

#include <cstdint>
#include <string_view>

namespace ff {

inline constexpr uint64_t kFnvOffset = 0xcbf29ce484222325ULL;  // the offset basis

/// FNV-1a 64 of `bytes`: hash = (hash ^ byte) * 0x100000001b3, continuing from `hash` (pass the previous result to hash in pieces).
inline uint64_t fnv1a64(std::string_view bytes, uint64_t hash = kFnvOffset) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace ff
