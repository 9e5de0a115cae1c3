// The warmup + cosine schedule at its key steps.
#include "ff/train/schedule.h"

#include <cmath>

#include <gtest/gtest.h>

#include "ff/common/error.h"

namespace ff {
namespace {

TEST(Schedule, WarmupPeakMidpointAndFloor) {
  const LrSchedule s{1000, 0.05, 0.1};
  EXPECT_EQ(warmup_steps(s), 50);
  EXPECT_DOUBLE_EQ(lr_factor(s, 0), 1.0 / 50);
  EXPECT_DOUBLE_EQ(lr_factor(s, 24), 25.0 / 50);
  EXPECT_DOUBLE_EQ(lr_factor(s, 49), 1.0);   // last warmup step reaches the peak
  EXPECT_DOUBLE_EQ(lr_factor(s, 50), 1.0);   // first decay step starts at the peak
  // Halfway through the decay (p = 0.5): r + (1 - r) / 2.
  const int64_t mid = 50 + (1000 - 1 - 50) / 2;
  EXPECT_NEAR(lr_factor(s, mid), 0.1 + 0.9 * 0.5 * (1 + std::cos(M_PI * (mid - 50) / 949.0)), 1e-12);
  EXPECT_NEAR(lr_factor(s, mid), 0.55, 2e-3);
  EXPECT_DOUBLE_EQ(lr_factor(s, 999), 0.1);  // the planned last step sits on the floor
}

TEST(Schedule, MonotoneDecayAfterWarmup) {
  const LrSchedule s{300, 0.1, 0.0};
  for (int64_t step = warmup_steps(s); step + 1 < 300; ++step) {
    EXPECT_GE(lr_factor(s, step), lr_factor(s, step + 1));
  }
  EXPECT_NEAR(lr_factor(s, 299), 0.0, 1e-15);
}

TEST(Schedule, DegenerateRuns) {
  EXPECT_DOUBLE_EQ(lr_factor(LrSchedule{1, 0.05, 0.1}, 0), 1.0);  // one step: warmup of 1 at peak
  const LrSchedule no_warmup{10, 0.0, 0.5};
  EXPECT_EQ(warmup_steps(no_warmup), 0);
  EXPECT_DOUBLE_EQ(lr_factor(no_warmup, 0), 1.0);
  EXPECT_DOUBLE_EQ(lr_factor(no_warmup, 9), 0.5);
  EXPECT_THROW(validate(LrSchedule{10, 1.5, 0.1}), Error);
  EXPECT_THROW(validate(LrSchedule{10, 0.1, -0.1}), Error);
  EXPECT_THROW(validate(LrSchedule{0, 0.1, 0.1}), Error);
}

}  // namespace
}  // namespace ff
