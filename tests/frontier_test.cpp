// The compute-optimal frontier shared by the approaches: power laws through optima, and the
// parametric fit's closed form (Hoffmann et al. 2022, eq. 4).
#include "ff/fit/frontier.h"

#include <gtest/gtest.h>

#include <cmath>


namespace ff {
namespace {

TEST(Frontier, ParametricClosedFormMatchesTheFit) {
  ParametricFit f;
  f.E = 1.69, f.A = 406.4, f.B = 410.7, f.alpha = 0.34, f.beta = 0.28, f.n_points = 9;
  const Frontier law = parametric_frontier(f);
  for (double c : {1e18, 1e21, 1e24}) {
    EXPECT_NEAR(law.n_opt(c) / f.n_opt(c), 1.0, 1e-12);
    EXPECT_NEAR(law.d_opt(c) / f.d_opt(c), 1.0, 1e-12);
    EXPECT_NEAR(law.loss(c), f.loss_opt(c), 1e-12);
    EXPECT_NEAR(law.n_opt(c) * law.d_opt(c) * 6, c, c * 1e-12);  // C = 6 N D on the frontier
  }
  EXPECT_DOUBLE_EQ(law.a(), 0.28 / 0.62);
  EXPECT_DOUBLE_EQ(law.a() + law.b(), 1.0);
  EXPECT_DOUBLE_EQ(law.loss_opt.offset, 1.69);
  EXPECT_NEAR(law.loss_opt.power.exponent, -0.34 * 0.28 / 0.62, 1e-15);
  EXPECT_TRUE(std::isnan(law.n_opt.exponent_se));
}

TEST(Frontier, FitsPowerLawsThroughOptima) {
  std::vector<double> c, n, d, l;
  for (double x : {1e18, 1e19, 1e20, 1e21}) {
    c.push_back(x);
    n.push_back(0.1 * std::pow(x, 0.5));
    d.push_back(x / (6 * n.back()));
    l.push_back(1.7 + 900 * std::pow(x, -0.15));
  }
  const Frontier f = fit_frontier(c, n, d, l);
  EXPECT_NEAR(f.a(), 0.5, 1e-9);
  EXPECT_NEAR(f.b(), 0.5, 1e-9);
  ASSERT_TRUE(f.loss_fitted);
  EXPECT_NEAR(f.loss(1e22), 1.7 + 900 * std::pow(1e22, -0.15), 2e-3);
  const Prediction p = predict(f, Approach::kIsoflop, 1e22);
  EXPECT_EQ(p.approach, "isoflop");
  EXPECT_NEAR(p.n_params, 0.1 * 1e11, 1e3);
  EXPECT_NEAR(p.tokens_per_param, p.tokens / p.n_params, 1e-12);
  EXPECT_FALSE(p.n_params_interval.known());
}

TEST(Frontier, TwoOptimaHaveNoLossLaw) {
  const Frontier f = fit_frontier({1e18, 1e19}, {1e8, 3e8}, {2e9, 6e9}, {3.0, 2.8});
  EXPECT_FALSE(f.loss_fitted);
  EXPECT_TRUE(std::isnan(f.loss(1e20)));
}

TEST(Frontier, ApproachNamesAreTheJsonKeys) {
  EXPECT_STREQ(approach_name(Approach::kEnvelope), "envelope");
  EXPECT_STREQ(approach_name(Approach::kIsoflop), "isoflop");
  EXPECT_STREQ(approach_name(Approach::kParametric), "parametric");
}

}  // namespace
}  // namespace ff
