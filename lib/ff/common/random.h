// A small, portable, seedable random generator: the same stream on every platform and standard
// library, so that generated corpora and mock losses are reproducible everywhere.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ff {

/// splitmix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"):
/// 64-bit state, period 2^64, passes BigCrush.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) for n > 0 (modulo bias below n / 2^64, negligible here).
  size_t below(size_t n) { return static_cast<size_t>(next() % n); }
  /// True with probability p.
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  /// Uniform in (0, 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  /// Standard normal (Box-Muller).
  double normal() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * M_PI * uniform()); }

 private:
  uint64_t state_;
};

}  // namespace ff
