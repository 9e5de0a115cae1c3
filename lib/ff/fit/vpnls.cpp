// Variable projection: the exact 3-variable NNLS, the (alpha, beta) search, the refined fit.
#include "ff/fit/vpnls.h"

#include <Eigen/Dense>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "ff/common/error.h"

namespace ff {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kZeroCoefficientShare = 0.01;  // a zero E, A or B starts at this share of the smallest loss

// The design at fixed exponents, relative to each loss: columns 1/L, N^-alpha/L, D^-beta/L; target 1.
struct Columns {
  std::vector<double> w, u, v;
};

std::vector<double> relative_power(const std::vector<ParametricPoint>& points, double exponent, bool of_n) {
  std::vector<double> column(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double x = of_n ? points[i].n_params : points[i].tokens;
    column[i] = std::pow(x, -exponent) / points[i].loss;
  }
  return column;
}

std::vector<double> inverse_losses(const std::vector<ParametricPoint>& points) {
  std::vector<double> w(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) w[i] = 1.0 / points[i].loss;
  return w;
}

double sse_of(const Columns& c, const std::array<double, 3>& coef) {
  double sse = 0;
  for (std::size_t i = 0; i < c.w.size(); ++i) {
    const double r = coef[0] * c.w[i] + coef[1] * c.u[i] + coef[2] * c.v[i] - 1.0;
    sse += r * r;
  }
  return sse;
}

// min sum (X c - 1)^2 over c >= 0: the unconstrained solution on each of the 7 non-empty supports
// (normal equations, Jacobi-scaled), the feasible one with the smallest residual; all-zero if none.
std::array<double, 3> nnls3(const Columns& c, double* sse) {
  const std::vector<double>* cols[3] = {&c.w, &c.u, &c.v};
  Eigen::Matrix3d gram;
  Eigen::Vector3d rhs;
  for (int j = 0; j < 3; ++j) {
    rhs(j) = 0;
    for (double x : *cols[j]) rhs(j) += x;
    for (int k = j; k < 3; ++k) {
      double s = 0;
      for (std::size_t i = 0; i < c.w.size(); ++i) s += (*cols[j])[i] * (*cols[k])[i];
      gram(j, k) = gram(k, j) = s;
    }
  }
  std::array<double, 3> best{0, 0, 0};
  *sse = static_cast<double>(c.w.size());  // the empty support
  for (int mask = 1; mask < 8; ++mask) {
    int idx[3], k = 0;
    for (int j = 0; j < 3; ++j)
      if (mask & (1 << j)) idx[k++] = j;
    bool usable = true;
    for (int p = 0; p < k; ++p) usable = usable && gram(idx[p], idx[p]) > 0;
    if (!usable) continue;
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 3, 3> g(k, k);
    Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 3, 1> r(k), scale(k);
    for (int p = 0; p < k; ++p) scale(p) = 1.0 / std::sqrt(gram(idx[p], idx[p]));
    for (int p = 0; p < k; ++p) {
      r(p) = rhs(idx[p]) * scale(p);
      for (int q = 0; q < k; ++q) g(p, q) = gram(idx[p], idx[q]) * scale(p) * scale(q);
    }
    const Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 3, 1> x = g.ldlt().solve(r);
    std::array<double, 3> coef{0, 0, 0};
    bool feasible = true;
    for (int p = 0; p < k; ++p) {
      coef[idx[p]] = x(p) * scale(p);
      feasible = feasible && std::isfinite(coef[idx[p]]) && coef[idx[p]] >= 0;
    }
    if (!feasible) continue;
    const double s = sse_of(c, coef);
    if (s < *sse) *sse = s, best = coef;
  }
  return best;
}

ProjectedFit project_columns(const Columns& c, double alpha, double beta) {
  ProjectedFit f;
  f.alpha = alpha, f.beta = beta;
  const std::array<double, 3> coef = nnls3(c, &f.sse);
  f.E = coef[0], f.A = coef[1], f.B = coef[2];
  return f;
}

// The best cell of an exponent_min..exponent_max grid in both exponents (columns precomputed per exponent).
ProjectedFit grid_search(const std::vector<ParametricPoint>& points, const VpnlsOptions& o) {
  const int n = std::max(o.grid_steps, 2);
  std::vector<double> exponents(n);
  for (int k = 0; k < n; ++k) exponents[k] = o.exponent_min + (o.exponent_max - o.exponent_min) * k / (n - 1);
  std::vector<std::vector<double>> u(n), v(n);
  for (int k = 0; k < n; ++k) {
    u[k] = relative_power(points, exponents[k], true);
    v[k] = relative_power(points, exponents[k], false);
  }
  Columns c{inverse_losses(points), {}, {}};
  ProjectedFit best;
  best.sse = kInf;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      c.u = u[i], c.v = v[j];
      const ProjectedFit f = project_columns(c, exponents[i], exponents[j]);
      if (f.sse < best.sse) best = f;
    }
  }
  return best;
}

// Nelder-Mead (reflection 1, expansion 2, contraction 1/2, shrink 1/2) on (alpha, beta) > 0.
ProjectedFit nelder_mead(const std::vector<ParametricPoint>& points, ProjectedFit start, double step, int max_steps) {
  const std::vector<double> w = inverse_losses(points);
  auto eval = [&](double alpha, double beta) {
    if (!(alpha > 0 && beta > 0)) {
      ProjectedFit f;
      f.alpha = alpha, f.beta = beta, f.sse = kInf;
      return f;
    }
    return project_columns(Columns{w, relative_power(points, alpha, true), relative_power(points, beta, false)},
                           alpha, beta);
  };
  std::array<ProjectedFit, 3> s = {start, eval(start.alpha + step, start.beta), eval(start.alpha, start.beta + step)};
  auto by_sse = [](const ProjectedFit& x, const ProjectedFit& y) { return x.sse < y.sse; };
  for (int it = 0; it < max_steps; ++it) {
    std::sort(s.begin(), s.end(), by_sse);
    const double size = std::max({std::fabs(s[1].alpha - s[0].alpha), std::fabs(s[2].alpha - s[0].alpha),
                                  std::fabs(s[1].beta - s[0].beta), std::fabs(s[2].beta - s[0].beta)});
    if (size < 1e-9) break;
    const double ca = 0.5 * (s[0].alpha + s[1].alpha), cb = 0.5 * (s[0].beta + s[1].beta);  // centroid of the best two
    const ProjectedFit r = eval(2 * ca - s[2].alpha, 2 * cb - s[2].beta);
    if (r.sse < s[0].sse) {
      const ProjectedFit e = eval(3 * ca - 2 * s[2].alpha, 3 * cb - 2 * s[2].beta);
      s[2] = e.sse < r.sse ? e : r;
    } else if (r.sse < s[1].sse) {
      s[2] = r;
    } else {
      const ProjectedFit k = eval(0.5 * (ca + s[2].alpha), 0.5 * (cb + s[2].beta));
      if (k.sse < s[2].sse) {
        s[2] = k;
      } else {
        s[1] = eval(0.5 * (s[0].alpha + s[1].alpha), 0.5 * (s[0].beta + s[1].beta));
        s[2] = eval(0.5 * (s[0].alpha + s[2].alpha), 0.5 * (s[0].beta + s[2].beta));
      }
    }
  }
  return *std::min_element(s.begin(), s.end(), by_sse);
}

}  // namespace

ProjectedFit project_exponents(const std::vector<ParametricPoint>& points, double alpha, double beta) {
  check_parametric_points(points);
  return project_columns(Columns{inverse_losses(points), relative_power(points, alpha, true),
                                 relative_power(points, beta, false)},
                         alpha, beta);
}

ProjectedFit vpnls_search(const std::vector<ParametricPoint>& points, const VpnlsOptions& o,
                          const ParametricTheta* near) {
  check_parametric_points(points);
  check(o.exponent_min > 0 && o.exponent_max > o.exponent_min && o.grid_steps >= 2,
        "vpnls: exponent grid [{}, {}] with {} steps (needs 0 < min < max and at least 2 steps)", o.exponent_min,
        o.exponent_max, o.grid_steps);
  const double spacing = (o.exponent_max - o.exponent_min) / (o.grid_steps - 1);
  ProjectedFit start;
  if (near) {
    start = project_exponents(points, std::max(near->alpha, o.exponent_min), std::max(near->beta, o.exponent_min));
  } else {
    start = grid_search(points, o);
  }
  return nelder_mead(points, start, near ? 0.1 * spacing : spacing, o.max_simplex_steps);
}

ParametricTheta projected_theta(const ProjectedFit& f, const std::vector<ParametricPoint>& points) {
  // A zero coefficient starts where its term is kZeroCoefficientShare of the smallest loss at the
  // geometric mean N and D, so that its log is finite and its gradient not negligible.
  double min_loss = kInf, log_n = 0, log_d = 0;
  for (const auto& p : points) {
    min_loss = std::min(min_loss, p.loss);
    log_n += std::log(p.n_params) / static_cast<double>(points.size());
    log_d += std::log(p.tokens) / static_cast<double>(points.size());
  }
  const double term = kZeroCoefficientShare * min_loss;
  auto log_of = [](double x, double fallback) { return x > 0 ? std::log(x) : fallback; };
  return {log_of(f.A, std::log(term) + f.alpha * log_n), log_of(f.B, std::log(term) + f.beta * log_d),
          log_of(f.E, std::log(term)), f.alpha, f.beta};
}

ParametricFit fit_parametric_vpnls(const std::vector<ParametricPoint>& points, const ParametricOptions& options,
                                   const VpnlsOptions& vpnls) {
  ParametricOptions refine = options;
  refine.threads = 1;
  refine.starts = {projected_theta(vpnls_search(points, vpnls), points)};
  return fit_parametric(points, refine);
}

ParametricFit refit_parametric_vpnls(const std::vector<ParametricPoint>& points, const ParametricTheta& near,
                                     const ParametricOptions& options) {
  ParametricOptions refine = options;
  refine.threads = 1;
  refine.starts = {projected_theta(vpnls_search(points, {}, &near), points), near};
  return fit_parametric(points, refine);
}

}  // namespace ff
