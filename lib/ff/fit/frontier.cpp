// The compute-optimal frontier (see frontier.h).
#include "ff/fit/frontier.h"

#include <limits>

#include "ff/common/error.h"

namespace ff {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

PowerLaw exact_law(double coefficient, double exponent, int n_points) {
  PowerLaw p;
  p.coefficient = coefficient;
  p.exponent = exponent;
  p.exponent_se = p.log_coefficient_se = p.r2 = kNaN;
  p.n_points = n_points;
  return p;
}

}  // namespace

Frontier fit_frontier(const std::vector<double>& c, const std::vector<double>& n, const std::vector<double>& d,
                      const std::vector<double>& loss) {
  check(c.size() >= 2, "a compute-optimal frontier needs at least 2 optima (got {})", c.size());
  Frontier f;
  f.n_opt = fit_power_law(c, n);
  f.d_opt = fit_power_law(c, d);
  if (c.size() >= 3) {
    f.loss_opt = fit_offset_power_law(c, loss);
    f.loss_fitted = true;
  }
  return f;
}

Frontier parametric_frontier(const ParametricFit& fit) {
  const double a = fit.a(), b = fit.b(), g = fit.G();
  const double gamma = fit.alpha * fit.beta / (fit.alpha + fit.beta);
  Frontier f;
  f.n_opt = exact_law(g * std::pow(6.0, -a), a, fit.n_points);        // G (C/6)^a
  f.d_opt = exact_law(std::pow(6.0, -b) / g, b, fit.n_points);        // G^-1 (C/6)^b
  const double k = (fit.A * std::pow(g, -fit.alpha) + fit.B * std::pow(g, fit.beta)) * std::pow(6.0, gamma);
  f.loss_opt.offset = fit.E;
  f.loss_opt.power = exact_law(k, -gamma, fit.n_points);
  f.loss_fitted = true;
  return f;
}

Prediction predict(const Frontier& frontier, Approach approach, double c) {
  Prediction p;
  p.approach = approach_name(approach);
  p.compute_budget = c;
  p.n_params = frontier.n_opt(c);
  p.tokens = frontier.d_opt(c);
  p.tokens_per_param = p.tokens / p.n_params;
  p.loss = frontier.loss(c);
  return p;
}

}  // namespace ff
