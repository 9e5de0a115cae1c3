// Approach 2 end to end on mock sweeps: the law used to draw the losses must come back.
#include "ff/fit/isoflop.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/fit/analysis.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/common/error.h"
#include "ff/train/mock_trainer.h"
#include "mock_sweep.h"

namespace ff {
namespace {

std::vector<Observation> mock_sweep(const LossLaw& law, double noise, uint64_t seed,
                                    const std::vector<std::string>& overrides = {}) {
  return testing::mock_sweep(law, noise, seed, overrides).runs;
}

double fitted_a(const LossLaw& law, double noise, uint64_t seed, const std::vector<std::string>& overrides = {}) {
  std::vector<std::string> warnings;
  const IsoflopResult r = fit_isoflop(mock_sweep(law, noise, seed, overrides), 0.01, 3, &warnings);
  EXPECT_TRUE(r.fitted) << r.reason;
  EXPECT_NEAR(r.law.a() + r.law.b(), 1.0, 0.02);  // C = 6ND within each budget
  return r.law.a();
}

TEST(IsoflopFit, RecoversChinchillaExponentWithoutNoise) {
  const LossLaw chinchilla;  // E 1.69, A 406.4, B 410.7, alpha 0.34, beta 0.28
  const double a_true = chinchilla.beta / (chinchilla.alpha + chinchilla.beta);
  EXPECT_NEAR(fitted_a(chinchilla, 0.0, 1), a_true, 0.005);
}

TEST(IsoflopFit, RecoversChinchillaExponentUnderNoiseForEverySeed) {
  const LossLaw chinchilla;
  const double a_true = chinchilla.beta / (chinchilla.alpha + chinchilla.beta);
  double mean = 0;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const double a = fitted_a(chinchilla, 0.002, seed);
    EXPECT_NEAR(a, a_true, 0.03) << "seed " << seed;
    mean += a / 8;
  }
  EXPECT_NEAR(mean, a_true, 0.01);
}

TEST(IsoflopFit, RecoversASecondLaw) {
  // Data-hungrier than Chinchilla: a = 0.36 / 0.66 = 0.545, optimum near 20 tokens/param at 1e18.
  const LossLaw law{1.8, 271.0, 2000.0, 0.30, 0.36};
  const double a_true = law.beta / (law.alpha + law.beta);
  EXPECT_NEAR(fitted_a(law, 0.0, 1), a_true, 0.005);
  for (uint64_t seed = 1; seed <= 4; ++seed) EXPECT_NEAR(fitted_a(law, 0.002, seed), a_true, 0.03) << "seed " << seed;
}

TEST(IsoflopFit, BudgetsWithoutInteriorMinimumAreLeftOut) {
  auto obs = mock_sweep(LossLaw{}, 0.0, 1);
  // Keep only the 3 smallest sizes of the largest budget: its minimum is outside them.
  const double c_max = obs.back().compute_budget;
  std::vector<Observation> cut;
  int kept = 0;
  for (const auto& o : obs) {
    if (o.compute_budget != c_max || kept++ < 3) cut.push_back(o);
  }
  std::vector<std::string> warnings;
  const IsoflopResult r = fit_isoflop(cut, 0.01, 3, &warnings);
  ASSERT_TRUE(r.fitted);
  EXPECT_FALSE(r.budgets.back().used);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("outside the sampled sizes"), std::string::npos) << warnings[0];
}

TEST(IsoflopFit, TooFewSizesWarnAndTooFewBudgetsFail) {
  std::vector<Observation> obs = {{1e18, 1e7, 1.6e10, 3.0, ""}, {1e18, 2e7, 8e9, 2.9, ""}};
  std::vector<std::string> warnings;
  const IsoflopResult r = fit_isoflop(obs, 0.01, 3, &warnings);
  EXPECT_FALSE(r.fitted);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("budget 1e18: only 2 model sizes (need 3)"), std::string::npos) << warnings[0];
  AnalyzeSettings s;
  s.bootstrap = 0;
  EXPECT_THROW(analyze(obs, s), Error);
}

TEST(IsoflopFit, PredictedLossStaysAboveIrreducibleLoss) {
  AnalyzeSettings s;
  s.predict = {1e21, 1e24};
  s.bootstrap = 0;
  const Analysis a = analyze(mock_sweep(LossLaw{}, 0.0, 1), s);
  for (const auto& p : a.predictions) {
    EXPECT_GT(p.loss, 1.69);
    const LossLaw law;
    EXPECT_NEAR(p.loss, law.loss(p.n_params, p.tokens), 0.15);
  }
}

}  // namespace
}  // namespace ff
