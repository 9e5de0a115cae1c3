#include "ff/fit/least_squares.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/error.h"

namespace ff {
namespace {

TEST(LeastSquares, LineWithStandardErrors) {
  const std::vector<double> x{0, 1, 2, 3, 4}, y{1.1, 2.9, 5.2, 6.8, 9.1};
  const LinearFit f = fit_line(x, y);
  EXPECT_NEAR(f.slope, 1.99, 1e-9);
  EXPECT_NEAR(f.intercept, 1.04, 1e-9);
  // By hand: residuals 0.06, -0.13, 0.18, -0.21, 0.10; RSS = 0.107, sigma^2 = RSS / 3, Sxx = 10.
  EXPECT_NEAR(f.slope_se, std::sqrt(0.107 / 3 / 10), 1e-9);
  EXPECT_NEAR(f.intercept_se, std::sqrt(0.107 / 3 * (1.0 / 5 + 4.0 / 10)), 1e-9);
  EXPECT_GT(f.r2, 0.99);
}

TEST(LeastSquares, ParabolaRecoversVertex) {
  std::vector<double> x, y;
  for (int i = 0; i < 7; ++i) {
    x.push_back(15.0 + 0.4 * i);
    y.push_back(3.0 + 0.7 * std::pow(x.back() - 16.3, 2));
  }
  const Parabola p = fit_parabola(x, y);
  EXPECT_NEAR(p.vertex(), 16.3, 1e-9);
  EXPECT_NEAR(p(p.vertex()), 3.0, 1e-9);
  EXPECT_THROW(fit_parabola({1, 1, 2}, {1, 2, 3}), Error);
}

TEST(LeastSquares, PowerLawRecoversExponent) {
  std::vector<double> c, n;
  for (double v : {1e17, 1e18, 1e19, 1e20}) {
    c.push_back(v);
    n.push_back(0.3 * std::pow(v, 0.46));
  }
  const PowerLaw p = fit_power_law(c, n);
  EXPECT_NEAR(p.exponent, 0.46, 1e-12);
  EXPECT_NEAR(p.coefficient, 0.3, 1e-9);
}

TEST(LeastSquares, OffsetPowerLawRecoversFloor) {
  std::vector<double> c, l;
  for (double v : {1e17, 3e17, 1e18, 3e18, 1e19, 3e19}) {
    c.push_back(v);
    l.push_back(1.7 + 2000.0 * std::pow(v, -0.15));
  }
  const OffsetPowerLaw f = fit_offset_power_law(c, l);
  EXPECT_NEAR(f.offset, 1.7, 1e-3);
  EXPECT_NEAR(f.power.exponent, -0.15, 1e-3);
  EXPECT_NEAR(f(1e22), 1.7 + 2000.0 * std::pow(1e22, -0.15), 1e-3);
}

}  // namespace
}  // namespace ff
