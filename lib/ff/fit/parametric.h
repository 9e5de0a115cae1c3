// Chinchilla's Approach 3: the parametric loss L(N, D) = E + A / N^alpha + B / D^beta fitted by
// Huber regression on log-loss from a grid of L-BFGS starts (Hoffmann et al. 2022, App. D.2;
// Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt", Sec. 3).
#pragma once

#include <vector>

#include "ff/io/analysis_file.h"  // ParametricTheta, ParametricFit

namespace ff {

/// One training run: its size, its data and its final loss.
struct ParametricPoint {
  double n_params;  // N, model parameters
  double tokens;    // D, training tokens
  double loss;      // final loss, nats/token
};

struct ParametricOptions {
  double huber_delta = 1e-3;  // Huber threshold on residuals log L_hat - log L (log nats)
  int threads = 2;            // std::threads running the starts; the result does not depend on it
  /// L-BFGS starting points; empty = the paper's grid (chinchilla_start_grid(), 4500 starts).
  std::vector<ParametricTheta> starts;
  int max_iterations = 2000;           // L-BFGS iterations per start (Ceres)
  double function_tolerance = 1e-14;   // relative objective change that ends a start
  double gradient_tolerance = 1e-14;   // max-norm of the gradient that ends a start
  double parameter_tolerance = 1e-14;  // relative step size that ends a start
};

/// The paper's starting grid: alpha, beta in {0, 0.5, ..., 2}, e in {-1, -0.5, ..., 1},
/// a, b in {0, 5, ..., 25}: 5 * 5 * 5 * 6 * 6 = 4500 starts (Hoffmann et al. 2022, App. D.2).
std::vector<ParametricTheta> chinchilla_start_grid();

/// The Huber objective sum_i Huber_delta(LSE(a - alpha log N_i, b - beta log D_i, e) - log L_i)
/// at theta; writes its analytic gradient (same field order) to *gradient when not null.
double parametric_objective(const std::vector<ParametricPoint>& points, const ParametricTheta& theta,
                            double huber_delta, ParametricTheta* gradient);

/// Throws ff::Error naming the point index, field and value unless there are >= 5 points with
/// positive, finite N, D and L.
void check_parametric_points(const std::vector<ParametricPoint>& points);

/// One L-BFGS run per start, in start order (fits whose run failed have objective +inf).
std::vector<ParametricFit> fit_parametric_each_start(const std::vector<ParametricPoint>& points,
                                                     const ParametricOptions& options);

/// The fit with the lowest objective, ties to the lowest index; throws ff::Error if none is finite.
ParametricFit best_parametric_fit(const std::vector<ParametricFit>& fits_each_start);

/// best_parametric_fit(fit_parametric_each_start(points, options)). Deterministic: the same
/// result, bit for bit, whatever options.threads.
ParametricFit fit_parametric(const std::vector<ParametricPoint>& points, const ParametricOptions& options);

}  // namespace ff
