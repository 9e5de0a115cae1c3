// Huber/LSE objective with its analytic gradient, and the multi-start L-BFGS fit (Ceres).
#include "ff/fit/parametric.h"

#include "ff/common/error.h"
#include "ff/common/parallel.h"

#include <ceres/ceres.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ff {
namespace {

constexpr int kMinPoints = 5;     // five free parameters
constexpr int kThetaSize = 5;     // (a, b, e, alpha, beta)
constexpr double kInf = std::numeric_limits<double>::infinity();

ParametricTheta from_array(const double* x) { return {x[0], x[1], x[2], x[3], x[4]}; }

void to_array(const ParametricTheta& t, double* x) {
  x[0] = t.a, x[1] = t.b, x[2] = t.e, x[3] = t.alpha, x[4] = t.beta;
}

// The objective in log space: log N, log D, log L per point, precomputed once.
struct LogPoints {
  std::vector<double> log_n, log_d, log_l;
};

LogPoints to_log(const std::vector<ParametricPoint>& points) {
  LogPoints lp;
  for (const auto& p : points) {
    lp.log_n.push_back(std::log(p.n_params));
    lp.log_d.push_back(std::log(p.tokens));
    lp.log_l.push_back(std::log(p.loss));
  }
  return lp;
}

// Huber_delta(r) = r^2 / 2 for |r| <= delta, else delta (|r| - delta / 2) (scipy.special.huber);
// *slope = dHuber/dr.
double huber(double r, double delta, double* slope) {
  if (std::abs(r) <= delta) {
    *slope = r;
    return 0.5 * r * r;
  }
  *slope = r > 0 ? delta : -delta;
  return delta * (std::abs(r) - 0.5 * delta);
}

// sum_i Huber(LSE(t1, t2, t3) - log L_i), t1 = a - alpha log N, t2 = b - beta log D, t3 = e.
// dLSE/dt_k = softmax weight w_k, so with h = Huber'(r):
//   d/da = h w1, d/dalpha = -h w1 log N, d/db = h w2, d/dbeta = -h w2 log D, d/de = h w3.
double log_objective(const LogPoints& lp, const double* x, double delta, double* grad) {
  const double a = x[0], b = x[1], e = x[2], alpha = x[3], beta = x[4];
  if (grad) std::fill(grad, grad + kThetaSize, 0.0);
  double total = 0.0;
  for (std::size_t i = 0; i < lp.log_n.size(); ++i) {
    const double t1 = a - alpha * lp.log_n[i], t2 = b - beta * lp.log_d[i];
    const double m = std::max({t1, t2, e});  // shift for a stable log-sum-exp
    const double x1 = std::exp(t1 - m), x2 = std::exp(t2 - m), x3 = std::exp(e - m);
    const double s = x1 + x2 + x3;
    double h = 0.0;
    total += huber(m + std::log(s) - lp.log_l[i], delta, &h);
    if (!grad) continue;
    const double hs = h / s;
    grad[0] += hs * x1;
    grad[1] += hs * x2;
    grad[2] += hs * x3;
    grad[3] -= hs * x1 * lp.log_n[i];
    grad[4] -= hs * x2 * lp.log_d[i];
  }
  return total;
}

class HuberLseFunction : public ceres::FirstOrderFunction {
 public:
  HuberLseFunction(const LogPoints* lp, double delta) : lp_(lp), delta_(delta) {}
  bool Evaluate(const double* x, double* cost, double* grad) const override {
    *cost = log_objective(*lp_, x, delta_, grad);
    return std::isfinite(*cost);
  }
  int NumParameters() const override { return kThetaSize; }

 private:
  const LogPoints* lp_;
  double delta_;
};

ceres::GradientProblemSolver::Options solver_options(const ParametricOptions& o) {
  ceres::GradientProblemSolver::Options so;
  so.line_search_direction_type = ceres::LBFGS;
  // Bisection, not polynomial interpolation: as fast here, reaches the optimum from more grid
  // starts, and never trips glog's "constant polynomial" warnings on flat stretches.
  so.line_search_interpolation_type = ceres::BISECTION;
  so.max_num_iterations = o.max_iterations;
  so.function_tolerance = o.function_tolerance;
  so.gradient_tolerance = o.gradient_tolerance;
  so.parameter_tolerance = o.parameter_tolerance;
  so.logging_type = ceres::SILENT;
  so.minimizer_progress_to_stdout = false;
  return so;
}

ParametricFit to_fit(const double* x, double objective, int n_points, int start_index) {
  ParametricFit f;
  f.A = std::exp(x[0]), f.B = std::exp(x[1]), f.E = std::exp(x[2]);
  f.alpha = x[3], f.beta = x[4];
  f.objective = objective, f.n_points = n_points, f.start_index = start_index;
  return f;
}

// One L-BFGS run from `start`; the objective is re-evaluated at the returned parameters.
ParametricFit fit_from(const LogPoints& lp, const ParametricTheta& start, int start_index,
                       const ParametricOptions& o) {
  double x[kThetaSize];
  to_array(start, x);
  ceres::GradientProblem problem(new HuberLseFunction(&lp, o.huber_delta));  // takes ownership
  ceres::GradientProblemSolver::Summary summary;
  ceres::Solve(solver_options(o), problem, x, &summary);
  double objective = log_objective(lp, x, o.huber_delta, nullptr);
  if (!std::isfinite(objective)) objective = kInf;
  return to_fit(x, objective, static_cast<int>(lp.log_n.size()), start_index);
}

}  // namespace

std::vector<ParametricTheta> chinchilla_start_grid() {
  std::vector<ParametricTheta> grid;
  for (int i_alpha = 0; i_alpha < 5; ++i_alpha)
    for (int i_beta = 0; i_beta < 5; ++i_beta)
      for (int i_e = 0; i_e < 5; ++i_e)
        for (int i_a = 0; i_a < 6; ++i_a)
          for (int i_b = 0; i_b < 6; ++i_b)
            grid.push_back({5.0 * i_a, 5.0 * i_b, -1.0 + 0.5 * i_e, 0.5 * i_alpha, 0.5 * i_beta});
  return grid;
}

double parametric_objective(const std::vector<ParametricPoint>& points, const ParametricTheta& theta,
                            double huber_delta, ParametricTheta* gradient) {
  double x[kThetaSize], g[kThetaSize];
  to_array(theta, x);
  const double value = log_objective(to_log(points), x, huber_delta, gradient ? g : nullptr);
  if (gradient) *gradient = from_array(g);
  return value;
}

void check_parametric_points(const std::vector<ParametricPoint>& points) {
  check(points.size() >= kMinPoints,
        "parametric fit: needs at least {} points (one per parameter), got {}", kMinPoints, points.size());
  auto check_field = [](std::size_t i, const char* name, double v) {
    check(std::isfinite(v) && v > 0, "parametric fit: point {} has {} = {} (must be positive and finite)",
          i, name, v);
  };
  for (std::size_t i = 0; i < points.size(); ++i) {
    check_field(i, "n_params", points[i].n_params);
    check_field(i, "tokens", points[i].tokens);
    check_field(i, "loss", points[i].loss);
  }
}

std::vector<ParametricFit> fit_parametric_each_start(const std::vector<ParametricPoint>& points,
                                                     const ParametricOptions& options) {
  check_parametric_points(points);
  check(options.huber_delta > 0, "parametric fit: huber_delta = {} (must be positive)", options.huber_delta);
  check(options.threads >= 1, "parametric fit: threads = {} (must be at least 1)", options.threads);
  check(options.max_iterations >= 1, "parametric fit: max_iterations = {} (must be at least 1)",
        options.max_iterations);
  const std::vector<ParametricTheta> starts = options.starts.empty() ? chinchilla_start_grid() : options.starts;
  const LogPoints lp = to_log(points);
  std::vector<ParametricFit> fits(starts.size());
  parallel_for(starts.size(), options.threads, [&](std::size_t i) {
    fits[i] = fit_from(lp, starts[i], static_cast<int>(i), options);
  });
  return fits;
}

ParametricFit best_parametric_fit(const std::vector<ParametricFit>& fits) {
  check(!fits.empty(), "parametric fit: no starts (options.starts is empty and so is the grid)");
  std::size_t best = 0;
  for (std::size_t i = 1; i < fits.size(); ++i)
    if (fits[i].objective < fits[best].objective) best = i;  // strict: ties keep the lower index
  check(std::isfinite(fits[best].objective), "parametric fit: no start converged to a finite objective "
        "(check the units: n_params in parameters, tokens in tokens, loss in nats/token)");
  return fits[best];
}

ParametricFit fit_parametric(const std::vector<ParametricPoint>& points, const ParametricOptions& options) {
  return best_parametric_fit(fit_parametric_each_start(points, options));
}

}  // namespace ff
