// Ordinary least squares: straight lines (with standard errors), parabolas, power laws.
#pragma once

#include <vector>

#include "ff/io/analysis_file.h"  // Parabola, PowerLaw, OffsetPowerLaw

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

/// Fits y = c0 + c1 x + c2 x^2 (Parabola) by least squares (Eigen, QR); ff::Error if fewer than 3 distinct x.
Parabola fit_parabola(const std::vector<double>& x, const std::vector<double>& y);

/// y = coefficient * x^exponent (PowerLaw), fitted as a line in (ln x, ln y).
PowerLaw fit_power_law(const std::vector<double>& x, const std::vector<double>& y);

/// y = offset + coefficient * x^exponent (OffsetPowerLaw). The offset is searched in [0, min y)
/// to minimise the residuals of the straight line in (ln x, ln(y - offset)); the rest is fitted
/// by fit_power_law.
OffsetPowerLaw fit_offset_power_law(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ff
