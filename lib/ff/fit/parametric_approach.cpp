// Approach 3 inside ff-analyze (see parametric_approach.h).
#include "ff/fit/parametric_approach.h"

#include <algorithm>
#include <functional>

#include "ff/common/error.h"
#include "ff/fit/bootstrap.h"
#include "ff/fit/vpnls.h"

namespace ff {

std::vector<Observation> drop_highest_losses(const std::vector<Observation>& runs, int k) {
  if (k <= 0) return runs;
  if (static_cast<std::size_t>(k) >= runs.size()) return {};
  std::vector<double> losses;
  for (const auto& r : runs) losses.push_back(r.final_loss);
  std::nth_element(losses.begin(), losses.begin() + (k - 1), losses.end(), std::greater<double>());
  const double kth_largest = losses[static_cast<std::size_t>(k - 1)];
  std::vector<Observation> kept;
  for (const auto& r : runs) {
    if (r.final_loss < kth_largest) kept.push_back(r);
  }
  return kept;
}

std::vector<ParametricPoint> parametric_points(const std::vector<Observation>& runs) {
  std::vector<ParametricPoint> points;
  points.reserve(runs.size());
  for (const auto& r : runs) points.push_back({r.n_params, r.tokens, r.final_loss});
  return points;
}

ParametricResult fit_parametric_approach(const std::vector<Observation>& runs, const AnalyzeSettings& s) {
  ParametricResult result;
  result.runs = drop_highest_losses(runs, s.drop_highest_losses);
  result.n_dropped = static_cast<int>(runs.size() - result.runs.size());
  if (result.runs.size() < 5) {
    result.reason = fmt::format("the parametric fit needs at least 5 runs (one per parameter E, A, B, alpha, beta); "
                                "{} remain{}",
                                result.runs.size(),
                                result.n_dropped > 0 ? fmt::format(" after analyze.drop_highest_losses = {}",
                                                                   s.drop_highest_losses)
                                                     : "");
    return result;
  }
  ParametricOptions options;
  options.huber_delta = s.huber_delta;
  options.threads = s.threads;
  options.starts = s.parametric_starts;
  try {
    if (s.parametric_method == ParametricMethod::kVpnls) {
      result.fit = fit_parametric_vpnls(parametric_points(result.runs), options);
      result.refit_starts = {result.fit.theta()};
    } else {
      const std::vector<ParametricFit> fits = fit_parametric_each_start(parametric_points(result.runs), options);
      result.fit = best_parametric_fit(fits);
      result.refit_starts = refit_starts(fits, options, s.refit_grid_starts);
    }
  } catch (const Error& e) {
    result.reason = e.what();
    return result;
  }
  result.law = parametric_frontier(result.fit);
  result.fitted = true;
  return result;
}

std::optional<ParametricFit> refit_parametric(const std::vector<ParametricPoint>& points,
                                              const std::vector<ParametricTheta>& starts, double huber_delta,
                                              ParametricMethod method) {
  if (points.size() < 5) return std::nullopt;
  ParametricOptions options;
  options.huber_delta = huber_delta;
  options.threads = 1;
  options.starts = starts;
  // Looser than the full fit's 1e-14: 30% faster, the exponents move by ~1e-7 (measured on the mock).
  options.function_tolerance = options.gradient_tolerance = options.parameter_tolerance = kRefitTolerance;
  try {
    if (method == ParametricMethod::kVpnls && !starts.empty()) return refit_parametric_vpnls(points, starts[0], options);
    return fit_parametric(points, options);
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace ff
