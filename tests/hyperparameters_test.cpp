// Hyperparameter laws on mock sweeps with a hidden optimum lr_opt = k C^x, B_opt = k' C^y: the
// fitted exponents come back within 0.03 and their 95% intervals cover the truth, for two laws;
// optima on the grid's edge are left out with a reason; a sweep too small for the scaling laws
// still yields its hyperparameter laws.
#include "ff/fit/hyperparameters.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/error.h"
#include "mock_sweep.h"

namespace ff {
namespace {

struct HiddenLaw {
  double lr_opt, lr_exponent, batch_opt, batch_exponent;
};

std::vector<std::string> sweep_overrides(const HiddenLaw& h) {
  return {"hyper.sizes=2", "hyper.size_span=4", "hyper.lr_min=1e-4", "hyper.lr_max=1e-1", "hyper.lr_count=13",
          "hyper.batch_size_min=2", "hyper.batch_size_max=1024", "hyper.batch_size_count=10", "mock.noise=0.002",
          "mock.lr_width=0.05", "mock.batch_width=0.03",
          fmt::format("mock.lr_opt={}", h.lr_opt), fmt::format("mock.lr_exponent={}", h.lr_exponent),
          fmt::format("mock.batch_opt={}", h.batch_opt), fmt::format("mock.batch_exponent={}", h.batch_exponent)};
}

AnalyzeSettings analyze_settings() {
  AnalyzeSettings s;
  s.bootstrap = 400;
  s.seed = 3;
  return s;
}

void expect_recovered(const HyperLaw& law, double exponent, double k_at_1e18, const char* name) {
  ASSERT_TRUE(law.fitted) << name << ": " << law.reason;
  EXPECT_NEAR(law.vs_compute.exponent, exponent, 0.03) << name;
  ASSERT_TRUE(law.exponent_interval.known()) << name;
  EXPECT_LE(law.exponent_interval.lo, exponent) << name;
  EXPECT_GE(law.exponent_interval.hi, exponent) << name;
  EXPECT_NEAR(std::log(law.at(1e18) / k_at_1e18), 0.0, 0.1) << name;  // the optimum at 1e18 within 10%
  EXPECT_GT(law.succeeded, law.replicates * 9 / 10) << name;
}

TEST(HyperparameterLaws, RecoverDeepSeekLikeExponents) {
  const HiddenLaw truth{3e-3, -0.125, 32, 0.33};
  const auto runs = testing::mock_hyper_sweep(sweep_overrides(truth));
  ASSERT_TRUE(is_hyperparameter_sweep(runs, 0.01));
  std::vector<std::string> warnings;
  const HyperparameterLaws laws = fit_hyperparameters(runs, analyze_settings(), &warnings);
  expect_recovered(laws.lr, truth.lr_exponent, truth.lr_opt, "lr");
  expect_recovered(laws.batch_size, truth.batch_exponent, truth.batch_opt, "batch_size");
  EXPECT_EQ(laws.lr.groups.size(), 10u);  // 5 budgets x 2 sizes
  for (const auto& g : laws.lr.groups) EXPECT_TRUE(g.used) << g.reason;
  EXPECT_TRUE(laws.lr.params_fitted);
}

TEST(HyperparameterLaws, RecoverASecondLaw) {
  const HiddenLaw truth{1e-3, -0.3, 100, 0.15};
  std::vector<std::string> warnings;
  const HyperparameterLaws laws =
      fit_hyperparameters(testing::mock_hyper_sweep(sweep_overrides(truth)), analyze_settings(), &warnings);
  expect_recovered(laws.lr, truth.lr_exponent, truth.lr_opt, "lr");
  expect_recovered(laws.batch_size, truth.batch_exponent, truth.batch_opt, "batch_size");
}

TEST(HyperparameterLaws, EdgeOptimaAreLeftOutWithAReason) {
  // lr_opt = 3e-3 lies above this grid: every group's lowest loss is at its upper end.
  const auto runs = testing::mock_hyper_sweep({"hyper.lr=[1e-4, 2e-4, 4e-4]", "mock.lr_width=0.05", "mock.noise=0"});
  std::vector<std::string> warnings;
  const HyperparameterLaws laws = fit_hyperparameters(runs, analyze_settings(), &warnings);
  EXPECT_FALSE(laws.lr.fitted);
  EXPECT_NE(laws.lr.reason.find("0 of 5 groups"), std::string::npos) << laws.lr.reason;
  ASSERT_FALSE(laws.lr.groups.empty());
  EXPECT_NE(laws.lr.groups[0].reason.find("lowest loss is at the upper end of the lr grid"), std::string::npos)
      << laws.lr.groups[0].reason;
  EXPECT_FALSE(laws.batch_size.fitted);  // one batch size: not swept, and no warning about it
  EXPECT_EQ(laws.batch_size.reason, "one batch_size per (budget, size) group: not swept");
  EXPECT_FALSE(warnings.empty());
}

TEST(HyperparameterLaws, GroupOptimumIsTheParabolaVertex) {
  std::vector<Observation> group;
  for (double lr : {1e-3, 2e-3, 4e-3, 8e-3, 1.6e-2}) {
    const double u = std::log(lr / 3e-3);
    group.push_back({1e18, 1e7, 1e9, 3.0 + 0.1 * u * u, "r"});
    group.back().lr = lr;
    group.back().batch_size = 32;
  }
  const HyperGroup g = fit_hyper_group(group, Hyper::kLr);
  ASSERT_TRUE(g.used) << g.reason;
  EXPECT_NEAR(g.optimum, 3e-3, 1e-9);
  EXPECT_NEAR(g.loss_opt, 3.0, 1e-9);
  EXPECT_EQ(g.profile.size(), 5u);
}

TEST(HyperparameterLaws, SmallSweepKeepsItsLawsWithoutScalingLaws) {
  const auto runs = testing::mock_hyper_sweep({"hyper.lr_count=7", "hyper.lr_min=3e-4", "hyper.lr_max=3e-2",
                                               "mock.lr_width=0.05", "mock.lr_exponent=-0.125"});
  AnalyzeSettings s = analyze_settings();
  s.bootstrap = 50;
  const Analysis a = analyze_runs(runs, s, {}, "r.csv");  // one size per budget: no IsoFLOP profile
  EXPECT_TRUE(a.hyperparameters.present);
  EXPECT_TRUE(a.hyperparameters.lr.fitted) << a.hyperparameters.lr.reason;
  EXPECT_EQ(a.n_runs, static_cast<int>(runs.size()));
  const HyperChoice choice = hyper_at_budget(a.hyperparameters, 1e18);
  EXPECT_TRUE(choice.has_lr);
  EXPECT_FALSE(choice.has_batch_size);
  EXPECT_NEAR(std::log(choice.lr / 3e-3), 0.0, 0.1);
}

// A law used far from the budgets it was fitted on, or fitted through two optima, is said so.
TEST(HyperparameterLaws, ExtrapolationIsWarnedAbout) {
  HyperparameterLaws laws;
  laws.present = true;
  laws.lr.fitted = true;
  laws.lr.vs_compute = {1e-2, 0.0};
  for (double c : {1e11, 2.5e11, 6e11}) {
    HyperGroup g;
    g.compute_budget = c;
    g.used = true;
    laws.lr.groups.push_back(g);
  }
  laws.batch_size = laws.lr;
  laws.batch_size.groups.front().used = false;  // two optima left
  const auto none = extrapolation_warnings(laws, {2.5e11, 6e11, 8e11}, "a.json");
  ASSERT_EQ(none.size(), 1u);  // 8e11 is 1.33x beyond: fine; the batch law's two optima are not
  EXPECT_NE(none[0].find("a.json: the batch_size law is fitted through 2 optima only"), std::string::npos) << none[0];
  const auto far = extrapolation_warnings(laws, {3e10, 1.6e12}, "a.json");
  ASSERT_EQ(far.size(), 5u);
  EXPECT_NE(far[0].find("budget 3e10: the lr law of a.json (0.01 there) is extrapolated 3.3x beyond the budgets "
                        "1e11-6e11"), std::string::npos) << far[0];
  EXPECT_NE(far[4].find("budget 1.6e12: the batch_size law of a.json (0.01 there) is extrapolated 2.7x beyond the "
                        "budgets 2.5e11-6e11"), std::string::npos) << far[4];
  laws.lr.fitted = false;
  laws.batch_size.fitted = false;
  EXPECT_TRUE(extrapolation_warnings(laws, {1e20}, "a.json").empty());  // no law, nothing used
}

}  // namespace
}  // namespace ff
