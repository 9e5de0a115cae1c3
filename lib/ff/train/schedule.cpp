// Linear warmup + cosine decay to min_lr_ratio (see schedule.h).
#include "ff/train/schedule.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"

namespace ff {

void validate(const LrSchedule& s) {
  check(s.steps > 0, "train: the run needs at least one step (got {})", s.steps);
  check(s.warmup_frac >= 0.0 && s.warmup_frac <= 1.0,
        "train.warmup_frac ({}) must lie in [0, 1]", s.warmup_frac);
  check(s.min_lr_ratio >= 0.0 && s.min_lr_ratio <= 1.0,
        "train.min_lr_ratio ({}) must lie in [0, 1]", s.min_lr_ratio);
}

int64_t warmup_steps(const LrSchedule& s) {
  if (s.warmup_frac <= 0.0) return 0;
  const auto w = static_cast<int64_t>(std::llround(s.warmup_frac * static_cast<double>(s.steps)));
  return std::clamp<int64_t>(w, 1, s.steps);
}

double lr_factor(const LrSchedule& s, int64_t step) {
  const int64_t warmup = warmup_steps(s);
  if (step < warmup) return static_cast<double>(step + 1) / static_cast<double>(warmup);
  const int64_t decay_steps = s.steps - 1 - warmup;  // steps after the peak step
  if (decay_steps <= 0) return 1.0;
  const double progress =
      std::min(1.0, static_cast<double>(step - warmup) / static_cast<double>(decay_steps));
  const double pi = std::acos(-1.0);
  return s.min_lr_ratio + (1.0 - s.min_lr_ratio) * 0.5 * (1.0 + std::cos(pi * progress));
}

}  // namespace ff
