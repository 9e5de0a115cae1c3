// Approach 1 on mock sweeps: the minimum over the training curves recovers the law's exponents.
#include "ff/fit/envelope.h"

#include <gtest/gtest.h>

#include <cmath>

#include "mock_sweep.h"

namespace ff {
namespace {

using testing::mock_sweep;
using testing::true_a;

TEST(Envelope, InterpolatesCurvesInLogFlops) {
  const RunCurve c{"r", 1e18, 1e8, {{1e16, 1e7, 5.0}, {1e17, 1e8, 4.0}, {1e18, 1e9, 3.0}}};
  CurveSample s;
  ASSERT_TRUE(curve_at(c, std::sqrt(1e16 * 1e17), &s));  // halfway in log FLOPs
  EXPECT_NEAR(s.loss, 4.5, 1e-12);
  EXPECT_NEAR(s.tokens, std::sqrt(1e7 * 1e8), 1e-3);
  ASSERT_TRUE(curve_at(c, 1e18, &s));
  EXPECT_DOUBLE_EQ(s.loss, 3.0);
  EXPECT_FALSE(curve_at(c, 9e15, &s));
  EXPECT_FALSE(curve_at(c, 1.1e18, &s));
}

TEST(Envelope, RecoversBothLawsWithoutNoise) {
  for (const LossLaw& law : {LossLaw{}, testing::second_law()}) {  // a = 0.4516 (Chinchilla), 0.5455
    const EnvelopeResult r = fit_envelope(mock_sweep(law, 0.0, 1).curves);
    ASSERT_TRUE(r.fitted) << r.reason;
    EXPECT_EQ(r.n_curves, 35);
    EXPECT_NEAR(r.law.a(), true_a(law), 0.01);  // what is left is the size grid's granularity
    EXPECT_NEAR(r.law.a() + r.law.b(), 1.0, 0.01);  // D = C / (6 N) along every curve
  }
}

// With 0.2% noise on every evaluation, neighbouring sizes near the optimum differ by less than
// the noise (0.003 nats for a 1.2x size step at 1e18 FLOPs), so the winner, and a, scatter.
TEST(Envelope, RecoversChinchillaExponentUnderNoiseOnAverage) {
  const LossLaw law;
  double mean = 0;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    const EnvelopeResult r = fit_envelope(mock_sweep(law, 0.002, seed).curves);
    ASSERT_TRUE(r.fitted) << r.reason;
    EXPECT_NEAR(r.law.a(), true_a(law), 0.05) << "seed " << seed;
    mean += r.law.a() / 8;
  }
  EXPECT_NEAR(mean, true_a(law), 0.015);
}

TEST(Envelope, PointsAreInteriorMinimaOfTheCurves) {
  const auto sweep = mock_sweep(LossLaw{}, 0.0, 1);
  const EnvelopeResult r = fit_envelope(sweep.curves);
  ASSERT_GT(r.points.size(), 50u);
  for (const auto& p : r.points) {
    for (const auto& c : sweep.curves) {  // no curve is lower at that compute
      CurveSample s;
      if (curve_at(c, p.flops, &s)) {
        EXPECT_GE(s.loss, p.loss);
      }
    }
    EXPECT_NEAR(p.tokens * 6 * p.n_params / p.flops, 1.0, 0.01);  // C = 6 N D under the 6nd convention
  }
}

TEST(Envelope, NoCurvesIsSkippedWithAReason) {
  const EnvelopeResult r = fit_envelope({});
  EXPECT_FALSE(r.fitted);
  EXPECT_EQ(r.reason, "no training curves (runs/<run_id>/curve.csv; ff-analyze --runs DIR) for the ok runs");
  const RunCurve lone{"r", 1e18, 1e8, {{1e17, 1e8, 4.0}, {1e18, 1e9, 3.0}}};
  const EnvelopeResult one = fit_envelope({lone});
  EXPECT_FALSE(one.fitted);
  EXPECT_NE(one.reason.find("has 0 interior minima"), std::string::npos) << one.reason;
}

}  // namespace
}  // namespace ff
