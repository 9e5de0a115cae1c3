// ff-analyze's settings: the defaults of configs/analyze.yaml and the range errors of the new keys.
#include "ff/fit/analyze_settings.h"

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace ff {
namespace {

AnalyzeSettings with(const std::string& assignment) {
  Config c = Config::defaults();
  c.merge_override(assignment);
  return read_analyze_settings(c);
}

TEST(AnalyzeSettings, DefaultsMatchTheConfig) {
  const AnalyzeSettings s = read_analyze_settings(Config::defaults());
  EXPECT_EQ(s.predict, (std::vector<double>{1e20, 1e21, 1e22, 1e23, 1e24}));
  EXPECT_DOUBLE_EQ(s.huber_delta, 1e-3);
  EXPECT_EQ(s.drop_highest_losses, 0);
  EXPECT_EQ(s.bootstrap, 1000);
  EXPECT_EQ(s.seed, 0u);
  EXPECT_EQ(s.threads, 2);
  EXPECT_TRUE(s.parametric_starts.empty());  // the paper's grid
  EXPECT_EQ(with("analyze.drop_highest_losses=5").drop_highest_losses, 5);
  EXPECT_EQ(with("analyze.bootstrap=0").bootstrap, 0);
  EXPECT_EQ(s.parametric_method, ParametricMethod::kVpnls);
  EXPECT_EQ(with("analyze.parametric_method=grid").parametric_method, ParametricMethod::kGrid);
}

TEST(AnalyzeSettings, RangeErrorsNameKeyAndValue) {
  EXPECT_EQ(testing::error_of([] { with("analyze.bootstrap=5"); }),
            "command line: analyze.bootstrap (5) must be 0 or at least 20 replicates for a 95% interval");
  EXPECT_EQ(testing::error_of([] { with("analyze.huber_delta=0"); }),
            "command line: analyze.huber_delta (0) must be positive (Hoffmann et al. 2022 use 1e-3)");
  EXPECT_EQ(testing::error_of([] { with("analyze.threads=0"); }), "command line: analyze.threads (0) must lie in [1, 1024]");
  EXPECT_EQ(testing::error_of([] { with("analyze.drop_highest_losses=-1"); }),
            "command line: analyze.drop_highest_losses (-1) must be 0 or more");
  EXPECT_EQ(testing::error_of([] { with("analyze.seed=-3"); }), "command line: analyze.seed (-3) must be 0 or more");
  EXPECT_EQ(testing::error_of([] { with("analyze.parametric_method=lbfgs"); }),
            "command line: analyze.parametric_method (lbfgs) must be vpnls or grid");
}

}  // namespace
}  // namespace ff
