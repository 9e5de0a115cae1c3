// What the tools share (ff/cli/tool.h): the OpenMP wait policy a training process picks.
#include "ff/cli/tool.h"

#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace ff {
namespace {

TEST(TrainingProcess, SpinsOnlyWhenItsThreadsFitOnTheIdleCores) {
  EXPECT_STREQ(omp_wait_policy_for(2, 2, 1.95), "ACTIVE");   // an idle 2-core machine
  EXPECT_STREQ(omp_wait_policy_for(0, 2, 1.95), "ACTIVE");   // 0 = all cores
  EXPECT_STREQ(omp_wait_policy_for(2, 2, 1.0), "PASSIVE");   // another process holds a core
  EXPECT_STREQ(omp_wait_policy_for(1, 2, 1.0), "ACTIVE");
  EXPECT_STREQ(omp_wait_policy_for(0, 8, 0.3), "PASSIVE");  // oversubscribed
}

TEST(TrainingProcess, CountsIdleCoresWithinThisMachine) {
  const double idle = idle_cores_now(0.05);
  EXPECT_GE(idle, 0.0);
  EXPECT_LE(idle, static_cast<double>(std::thread::hardware_concurrency()) + 0.01);
}

}  // namespace
}  // namespace ff
