// Ordinary least squares: straight lines (with standard errors), parabolas, power laws.
#pragma once

#include <vector>

namespace ff {

/// y = intercept + slope x, with standard errors (sigma^2 = RSS / (n - 2)) and R^2.
struct LinearFit {
  double intercept = 0, slope = 0;
  double intercept_se = 0, slope_se = 0;  // NaN when n <= 2
  double r2 = 0;
  int n_points = 0;
};

/// Fits a line by least squares; ff::Error if fewer than 2 points or x has no spread.
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

/// y = c0 + c1 x + c2 x^2.
struct Parabola {
  double c0 = 0, c1 = 0, c2 = 0;
  double operator()(double x) const { return c0 + c1 * x + c2 * x * x; }
  /// The turning point -c1 / (2 c2); a minimum only if c2 > 0.
  double vertex() const { return -c1 / (2.0 * c2); }
};

/// Fits a parabola by least squares (Eigen, QR); ff::Error if fewer than 3 distinct x.
Parabola fit_parabola(const std::vector<double>& x, const std::vector<double>& y);

/// y = coefficient * x^exponent, fitted as a line in (ln x, ln y).
struct PowerLaw {
  double coefficient = 0, exponent = 0;
  double exponent_se = 0;         // standard error of the exponent
  double log_coefficient_se = 0;  // standard error of ln(coefficient)
  double r2 = 0;                  // in log space
  int n_points = 0;
  double operator()(double x) const;
};

PowerLaw fit_power_law(const std::vector<double>& x, const std::vector<double>& y);

/// y = offset + coefficient * x^exponent (a power law that saturates at `offset`, e.g. the
/// irreducible loss E). The offset is searched in [0, min y) to minimise the residuals of the
/// straight line in (ln x, ln(y - offset)); the rest is fitted by fit_power_law.
struct OffsetPowerLaw {
  double offset = 0;
  PowerLaw power;
  double operator()(double x) const { return offset + power(x); }
};

OffsetPowerLaw fit_offset_power_law(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ff
