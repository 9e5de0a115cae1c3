// Next-token windows of a token stream: targets are the next tokens, the order is deterministic
// and each epoch visits every window once, and the held-out windows are the first tokens.
#include "ff/train/batches.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "ff/common/error.h"

namespace ff {
namespace {

TEST(Batches, TargetsAreTheNextTokens) {
  std::vector<uint16_t> tokens(1000);
  for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = static_cast<uint16_t>(i);
  WindowSampler sampler(1000, 16, 7);
  const auto starts = sampler.batch_starts(3, 4);
  const Batch b = make_batch(tokens, starts, 16);
  ASSERT_EQ(b.inputs.size(), 64u);
  for (int64_t row = 0; row < 4; ++row) {
    EXPECT_EQ(b.inputs[static_cast<size_t>(row * 16)], starts[static_cast<size_t>(row)]);
    for (int64_t t = 0; t < 16; ++t) {
      const auto i = static_cast<size_t>(row * 16 + t);
      EXPECT_EQ(b.targets[i], b.inputs[i] + 1);                   // y[t] = next token
      if (t + 1 < 16) {
        EXPECT_EQ(b.targets[i], b.inputs[i + 1]);  // y[t] == x[t + 1]
      }
    }
  }
}

TEST(Batches, OrderIsDeterministicAndEachEpochVisitsEveryWindowOnce) {
  const int64_t n = 5000, t = 32, b = 8;
  WindowSampler a(n, t, 11), again(n, t, 11), other(n, t, 12);
  const int64_t windows = a.windows_per_epoch();
  EXPECT_EQ(windows, (n - 1) / t - 1);
  std::vector<int64_t> epoch0;
  for (int64_t i = 0; i < windows; ++i) epoch0.push_back(a.window_start(0, i, 1));
  std::vector<int64_t> sorted = epoch0;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());  // no repeats
  EXPECT_EQ(sorted.back() - sorted.front(), (windows - 1) * t);              // one grid
  EXPECT_LE(sorted.back() + t + 1, n);
  for (int64_t step : {0, 5, 17, 40}) {  // any step, in any order, on a fresh sampler
    EXPECT_EQ(a.batch_starts(step, b), again.batch_starts(step, b));
  }
  EXPECT_NE(a.batch_starts(0, b), other.batch_starts(0, b));
  EXPECT_THROW(WindowSampler(16, 16, 0), Error);
}

TEST(Batches, EvalWindowsAreTheFirstTokens) {
  EXPECT_EQ(eval_window_starts(10000, 100, 32), (std::vector<int64_t>{0, 32, 64}));
  EXPECT_EQ(eval_window_starts(70, 1000, 32), (std::vector<int64_t>{0, 32}));
  EXPECT_THROW(eval_window_starts(20, 1000, 32), Error);
}

}  // namespace
}  // namespace ff
