// Ordinary least squares (see least_squares.h).
#include "ff/fit/least_squares.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <Eigen/Dense>

#include "ff/common/error.h"

namespace ff {

LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  const size_t n = x.size();
  check(n >= 2 && y.size() == n, "a line fit needs at least 2 points (got {})", n);
  double mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  check(sxx > 0, "a line fit needs at least 2 distinct x values");
  LinearFit f;
  f.n_points = static_cast<int>(n);
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double rss = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = y[i] - f.intercept - f.slope * x[i];
    rss += r * r;
  }
  f.r2 = syy > 0 ? 1.0 - rss / syy : 1.0;
  if (n > 2) {
    const double sigma2 = rss / static_cast<double>(n - 2);
    f.slope_se = std::sqrt(sigma2 / sxx);
    f.intercept_se = std::sqrt(sigma2 * (1.0 / static_cast<double>(n) + mx * mx / sxx));
  } else {
    f.slope_se = f.intercept_se = std::numeric_limits<double>::quiet_NaN();
  }
  return f;
}

Parabola fit_parabola(const std::vector<double>& x, const std::vector<double>& y) {
  check(std::set<double>(x.begin(), x.end()).size() >= 3 && y.size() == x.size(),
        "a parabola fit needs at least 3 distinct x values (got {} points)", x.size());
  // Centre and scale x for conditioning, then map the coefficients back.
  double mx = 0;
  for (double v : x) mx += v;
  mx /= static_cast<double>(x.size());
  Eigen::MatrixXd a(x.size(), 3);
  Eigen::VectorXd b(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const double u = x[i] - mx;
    a(static_cast<Eigen::Index>(i), 0) = 1.0;
    a(static_cast<Eigen::Index>(i), 1) = u;
    a(static_cast<Eigen::Index>(i), 2) = u * u;
    b(static_cast<Eigen::Index>(i)) = y[i];
  }
  const Eigen::Vector3d c = a.colPivHouseholderQr().solve(b);
  Parabola p;
  p.c2 = c(2);
  p.c1 = c(1) - 2.0 * c(2) * mx;
  p.c0 = c(0) - c(1) * mx + c(2) * mx * mx;
  return p;
}

PowerLaw fit_power_law(const std::vector<double>& x, const std::vector<double>& y) {
  std::vector<double> lx, ly;
  for (size_t i = 0; i < x.size(); ++i) {
    check(x[i] > 0 && y[i] > 0, "a power-law fit needs positive values (point {}: {} , {})", i, x[i], y[i]);
    lx.push_back(std::log(x[i]));
    ly.push_back(std::log(y[i]));
  }
  const LinearFit f = fit_line(lx, ly);
  PowerLaw p;
  p.coefficient = std::exp(f.intercept);
  p.exponent = f.slope;
  p.exponent_se = f.slope_se;
  p.log_coefficient_se = f.intercept_se;
  p.r2 = f.r2;
  p.n_points = f.n_points;
  return p;
}

namespace {

// Residual sum of squares of the line through (ln x, ln(y - offset)).
double offset_rss(const std::vector<double>& x, const std::vector<double>& y, double offset) {
  std::vector<double> lx, ly;
  for (size_t i = 0; i < x.size(); ++i) {
    lx.push_back(std::log(x[i]));
    ly.push_back(std::log(y[i] - offset));
  }
  const LinearFit f = fit_line(lx, ly);
  double rss = 0;
  for (size_t i = 0; i < lx.size(); ++i) {
    const double r = ly[i] - f.intercept - f.slope * lx[i];
    rss += r * r;
  }
  return rss;
}

}  // namespace

OffsetPowerLaw fit_offset_power_law(const std::vector<double>& x, const std::vector<double>& y) {
  check(x.size() >= 3 && y.size() == x.size(), "an offset power-law fit needs at least 3 points (got {})", x.size());
  const double y_min = *std::min_element(y.begin(), y.end());
  check(y_min > 0, "an offset power-law fit needs positive values");
  // Coarse grid over offset in [0, 0.999 y_min], then golden-section refinement around the best.
  const int kGrid = 200;
  double best = 0, best_rss = offset_rss(x, y, 0);
  for (int i = 1; i < kGrid; ++i) {
    const double offset = 0.999 * y_min * i / kGrid;
    const double rss = offset_rss(x, y, offset);
    if (rss < best_rss) {
      best_rss = rss;
      best = offset;
    }
  }
  double lo = std::max(0.0, best - y_min / kGrid), hi = std::min(0.999 * y_min, best + y_min / kGrid);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int it = 0; it < 60; ++it) {
    const double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    if (offset_rss(x, y, a) < offset_rss(x, y, b)) {
      hi = b;
    } else {
      lo = a;
    }
  }
  OffsetPowerLaw law;
  law.offset = (lo + hi) / 2;
  std::vector<double> excess;
  for (double v : y) excess.push_back(v - law.offset);
  law.power = fit_power_law(x, excess);
  return law;
}

}  // namespace ff
