// The hold-out check: each approach, fitted without the largest budget, predicts it.
#include "ff/fit/holdout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/fit/analysis.h"
#include "ff/fit/isoflop.h"
#include "mock_sweep.h"

namespace ff {
namespace {

using testing::mock_sweep;

AnalyzeSettings no_bootstrap() {
  AnalyzeSettings s;
  s.bootstrap = 0;
  s.predict = {1e21};
  s.parametric_starts = testing::few_parametric_starts();
  return s;
}

TEST(Holdout, ExactMockIsPredictedClosely) {
  const auto sweep = mock_sweep(LossLaw{}, 0.0, 1);
  const Analysis a = analyze(sweep.runs, no_bootstrap(), sweep.curves);
  const HoldoutReference& ref = a.holdout;
  ASSERT_TRUE(ref.ok) << ref.reason;
  EXPECT_EQ(ref.compute_budget, 1e19);
  EXPECT_EQ(ref.n_held_out, 7);
  EXPECT_EQ(ref.n_fitted, 28);
  // The reference is the held-out budget's own vertex and its lowest measured loss.
  const auto groups = group_by_budget(sweep.runs, 0.01);
  const BudgetProfile largest = fit_budget_profile(groups.back(), 3);
  EXPECT_DOUBLE_EQ(ref.n_opt, largest.n_opt);
  EXPECT_DOUBLE_EQ(ref.d_opt, largest.d_opt);
  double lowest = HUGE_VAL;
  for (const auto& r : groups.back()) lowest = std::min(lowest, r.final_loss);
  EXPECT_DOUBLE_EQ(ref.loss, lowest);
  // Tolerances: what the size grid (steps of 1.47x at 1e19) allows each approach.
  const std::array<double, kNumApproaches> n_tolerance = {0.15, 0.03, 0.03};  // envelope, isoflop, parametric
  for (const ApproachReport& r : a.approaches) {
    const HoldoutCheck& h = r.holdout;
    ASSERT_TRUE(h.done) << approach_name(r.approach) << ": " << h.reason;
    EXPECT_EQ(h.predicted.compute_budget, ref.compute_budget);
    EXPECT_LT(std::fabs(h.n_error), n_tolerance[static_cast<int>(r.approach)]) << approach_name(r.approach);
    EXPECT_LT(std::fabs(h.d_error), n_tolerance[static_cast<int>(r.approach)]) << approach_name(r.approach);
    EXPECT_LT(std::fabs(h.loss_error), 0.005) << approach_name(r.approach);
    EXPECT_NEAR(h.n_error, h.predicted.n_params / ref.n_opt - 1, 1e-12);
  }
}

TEST(Holdout, NeedsABudgetWithAMinimumToCompareWith) {
  auto sweep = mock_sweep(LossLaw{}, 0.0, 1);
  std::vector<Observation> cut;  // only the 3 smallest sizes of the largest budget: no interior minimum
  int kept = 0;
  for (const auto& o : sweep.runs) {
    if (o.compute_budget != 1e19 || kept++ < 3) cut.push_back(o);
  }
  const Analysis a = analyze(cut, no_bootstrap());
  EXPECT_FALSE(a.holdout.ok);
  EXPECT_NE(a.holdout.reason.find("the largest budget has no IsoFLOP minimum to compare with: budget 1e19: the "
                                  "parabola's vertex"),
            std::string::npos)
      << a.holdout.reason;
  bool warned = false;
  for (const auto& w : a.warnings) warned |= w.rfind("hold-out check skipped: ", 0) == 0;
  EXPECT_TRUE(warned);
}

TEST(Holdout, TooFewBudgetsToHoldOneOut) {
  const auto sweep = mock_sweep(LossLaw{}, 0.0, 1, {"compute.num_budgets=2"});
  const Analysis a = analyze(sweep.runs, no_bootstrap(), sweep.curves);
  EXPECT_FALSE(a.holdout.ok);
  EXPECT_EQ(a.holdout.reason, "needs at least 3 budget groups (2 to fit, 1 to hold out); got 2");
}

}  // namespace
}  // namespace ff
