// Learning-rate schedule: linear warmup, then cosine decay to a floor, over exactly the run's
// planned steps.
#pragma once

#include <cstdint>

namespace ff {

struct LrSchedule {
  int64_t steps = 0;          // optimizer steps in the run (the plan's steps)
  double warmup_frac = 0.05;  // fraction of steps spent warming up linearly from ~0 to the peak
  double min_lr_ratio = 0.1;  // the floor reached at the last step, as a fraction of the peak
};

/// Throws ff::Error naming train.warmup_frac / train.min_lr_ratio when out of [0, 1].
void validate(const LrSchedule& schedule);

/// Warmup steps: round(warmup_frac * steps), at least 1 when warmup_frac > 0.
int64_t warmup_steps(const LrSchedule& schedule);

/// Multiplier of the peak lr for optimizer step `step` (0-based, < steps):
///   step < W:  (step + 1) / W                                (linear warmup)
///   else:      r + (1 - r) * (1 + cos(pi * p)) / 2,  p = (step - W) / (steps - 1 - W)
/// with r = min_lr_ratio and W = warmup_steps (Loshchilov & Hutter 2017, SGDR eq. 5, one cycle).
/// The first post-warmup step is at the peak (1), the last at the floor (r).
double lr_factor(const LrSchedule& schedule, int64_t step);

}  // namespace ff
