// ff-analyze's analysis on mock sweeps from known laws: all three approaches recover the
// exponents, skipped approaches and warnings say why (analysis.json: analysis_file_test).
#include "ff/fit/analysis.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "mock_sweep.h"

namespace ff {
namespace {

using testing::mock_sweep;
using testing::true_a;

AnalyzeSettings no_bootstrap() {
  AnalyzeSettings s;
  s.bootstrap = 0;
  s.predict = {1e20, 1e22};
  s.parametric_starts = testing::few_parametric_starts();
  return s;
}

bool has_warning(const Analysis& a, const std::string& text) {
  for (const auto& w : a.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

void expect_recovers(const LossLaw& law, double noise, uint64_t seed) {
  const auto sweep = mock_sweep(law, noise, seed);
  AnalyzeSettings s = no_bootstrap();
  s.parametric_starts.clear();  // the paper's grid, as ff-analyze fits
  const Analysis a = analyze(sweep.runs, s, sweep.curves);
  for (const ApproachReport& r : a.approaches) {
    ASSERT_TRUE(r.fitted) << approach_name(r.approach) << ": " << r.reason;
    EXPECT_NEAR(r.law.a(), true_a(law), 0.03) << approach_name(r.approach) << " noise " << noise;
    EXPECT_NEAR(r.law.b(), 1 - true_a(law), 0.03) << approach_name(r.approach) << " noise " << noise;
  }
  const ParametricFit& f = a.parametric.fit;
  EXPECT_NEAR(f.alpha, law.alpha, 0.03);
  EXPECT_NEAR(f.beta, law.beta, 0.03);
  EXPECT_NEAR(f.E, law.E, 0.1);
}

TEST(Analysis, AllApproachesRecoverChinchillasLaw) {
  expect_recovers(LossLaw{}, 0.0, 1);  // a = 0.4516
  expect_recovers(LossLaw{}, 0.001, 2);
}

TEST(Analysis, AllApproachesRecoverASecondLaw) {
  expect_recovers(testing::second_law(), 0.0, 1);  // a = 0.5455
  expect_recovers(testing::second_law(), 0.001, 3);
}

TEST(Analysis, PredictionsAreGroupedByApproachInThePapersOrder) {
  const auto sweep = mock_sweep(LossLaw{}, 0.0, 1);
  const Analysis a = analyze(sweep.runs, no_bootstrap(), sweep.curves);
  ASSERT_EQ(a.predictions.size(), 6u);
  const char* order[] = {"envelope", "envelope", "isoflop", "isoflop", "parametric", "parametric"};
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(a.predictions[i].approach, order[i]);
    EXPECT_EQ(a.predictions[i].compute_budget, i % 2 ? 1e22 : 1e20);
    const LossLaw law;  // every prediction's loss sits near the true frontier's loss there
    EXPECT_NEAR(a.predictions[i].loss, law.loss(a.predictions[i].n_params, a.predictions[i].tokens), 0.05);
  }
  EXPECT_EQ(a.preferred(), Approach::kParametric);
}

TEST(Analysis, WithoutCurvesTheEnvelopeIsSkippedWithAWarning) {
  const Analysis a = analyze(mock_sweep(LossLaw{}, 0.0, 1).runs, no_bootstrap());
  EXPECT_FALSE(a.report(Approach::kEnvelope).fitted);
  EXPECT_TRUE(has_warning(a, "envelope: skipped: no training curves (runs/<run_id>/curve.csv; ff-analyze --runs DIR)"));
  EXPECT_TRUE(a.report(Approach::kIsoflop).fitted);
  EXPECT_EQ(a.predictions.size(), 4u);
}

TEST(Analysis, BudgetWarningsReachTheAnalysis) {
  auto runs = mock_sweep(LossLaw{}, 0.0, 1).runs;
  std::vector<Observation> cut;  // the largest budget: its 3 smallest sizes; the smallest: 2 sizes
  int kept_large = 0, kept_small = 0;
  for (const auto& o : runs) {
    if (o.compute_budget == 1e19 && kept_large++ >= 3) continue;
    if (o.compute_budget == 1e17 && kept_small++ >= 2) continue;
    cut.push_back(o);
  }
  const Analysis a = analyze(cut, no_bootstrap());
  EXPECT_TRUE(has_warning(a, "budget 1e17: only 2 model sizes (need 3): left out of the IsoFLOP law"));
  EXPECT_TRUE(has_warning(a, "budget 1e19: the parabola's vertex N = "));
  EXPECT_TRUE(has_warning(a, "lies outside the sampled sizes"));
}

TEST(Analysis, ExponentsThatDoNotAddUpToOneAreFlagged) {
  auto runs = mock_sweep(LossLaw{}, 0.0, 1).runs;
  for (auto& r : runs) r.tokens *= std::pow(r.compute_budget / 1e17, 0.2);  // D no longer C / (6 N)
  const Analysis a = analyze(runs, no_bootstrap());
  ASSERT_TRUE(a.isoflop.fitted);
  EXPECT_NEAR(a.isoflop.law.a() + a.isoflop.law.b(), 1.2, 0.01);
  EXPECT_TRUE(has_warning(a, "isoflop: a + b = 1.20"));
  EXPECT_TRUE(has_warning(a, "far from 1: N_opt D_opt does not scale like C"));
}

TEST(Analysis, ExponentsWithWideIntervalsAreFlagged) {
  // 3 budgets spanning a factor 3 of compute, with 3% noise: the data cannot pin a down.
  const auto sweep = mock_sweep(LossLaw{}, 0.03, 1, {"compute.flops_min=1e18", "compute.flops_max=3e18",
                                                     "compute.num_budgets=3"});
  AnalyzeSettings s = no_bootstrap();
  s.bootstrap = 100;
  const Analysis a = analyze(sweep.runs, s, sweep.curves);
  EXPECT_TRUE(has_warning(a, "% interval of a [")) << ::testing::PrintToString(a.warnings);
  EXPECT_TRUE(has_warning(a, "is wider than its value"));
}

TEST(Analysis, RowOrderDoesNotChangeTheSeededIntervals) {
  // Shards and train.jobs append rows in the order runs finish: the same runs in another order
  // must give the same analysis, intervals included.
  const auto sweep = mock_sweep(LossLaw{}, 0.01, 3);
  AnalyzeSettings s = no_bootstrap();
  s.bootstrap = 30;
  auto runs = sweep.runs;
  auto curves = sweep.curves;
  std::reverse(runs.begin(), runs.end());
  std::rotate(curves.begin(), curves.begin() + 5, curves.end());
  EXPECT_EQ(to_json(analyze(sweep.runs, s, sweep.curves)).dump(), to_json(analyze(runs, s, curves)).dump());
}

TEST(Analysis, DropsTheHighestLossesFromTheParametricFitOnly) {
  const auto sweep = mock_sweep(LossLaw{}, 0.002, 1);
  AnalyzeSettings s = no_bootstrap();
  s.drop_highest_losses = 5;
  const Analysis a = analyze(sweep.runs, s, sweep.curves);
  EXPECT_EQ(a.parametric.n_dropped, 5);
  EXPECT_EQ(a.parametric.fit.n_points, 30);
  double highest_kept = 0;
  for (const auto& r : a.parametric.runs) highest_kept = std::max(highest_kept, r.final_loss);
  int above = 0;
  for (const auto& r : sweep.runs) above += r.final_loss > highest_kept;
  EXPECT_EQ(above, 5);
  EXPECT_EQ(a.n_runs, 35);  // the other approaches keep every run
}

TEST(Analysis, FailsOnlyWhenNoApproachApplies) {
  const std::vector<Observation> runs = {{1e18, 1e7, 1.6e10, 3.0, "a"}, {1e18, 2e7, 8e9, 2.9, "b"}};
  try {
    analyze(runs, no_bootstrap());
    FAIL() << "no approach applies to 2 runs";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "results: no scaling law could be fitted to 2 runs: envelope: no training curves (runs/<run_id>/curve.csv; "
                 "ff-analyze --runs DIR) for the ok runs; isoflop: the IsoFLOP approach needs at least 2 budgets with "
                 "an interior minimum; 0 of 1 budget groups have one (budget 1e18: only 2 model sizes (need 3): left "
                 "out of the IsoFLOP law); parametric: the parametric fit needs at least 5 runs (one per parameter E, "
                 "A, B, alpha, beta); 2 remain");
  }
}

}  // namespace
}  // namespace ff
