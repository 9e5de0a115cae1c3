// Chinchilla's Approach 3: the parametric loss L(N, D) = E + A / N^alpha + B / D^beta fitted by
// Huber regression on log-loss from a grid of L-BFGS starts (Hoffmann et al. 2022, App. D.2;
// Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt", Sec. 3).
#pragma once

#include <vector>

namespace ff {

/// One training run: its size, its data and its final loss.
struct ParametricPoint {
  double n_params;  // N, model parameters
  double tokens;    // D, training tokens
  double loss;      // final loss, nats/token
};

/// The fitted vector theta in the optimiser's coordinates: A = e^a, B = e^b, E = e^e.
struct ParametricTheta {
  double a;      // log A, A in nats/token * params^alpha
  double b;      // log B, B in nats/token * tokens^beta
  double e;      // log E, E in nats/token (irreducible loss)
  double alpha;  // exponent of N, dimensionless
  double beta;   // exponent of D, dimensionless
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

/// A fitted L(N, D) and its compute-optimal frontier under C = 6 N D.
struct ParametricFit {
  double E = 0;      // irreducible loss, nats/token
  double A = 0;      // nats/token * params^alpha
  double B = 0;      // nats/token * tokens^beta
  double alpha = 0;  // exponent of N
  double beta = 0;   // exponent of D
  double objective = 0;  // sum over points of Huber_delta(log L_hat - log L) at the optimum
  int n_points = 0;      // points fitted
  int start_index = -1;  // index into the starts of the start that reached this optimum

  ParametricTheta theta() const;  // (log A, log B, log E, alpha, beta)
  double a() const;  // beta / (alpha + beta): N_opt ∝ C^a (Hoffmann et al. 2022, eq. 4)
  double b() const;  // alpha / (alpha + beta): D_opt ∝ C^b (eq. 4)
  double G() const;  // (alpha A / (beta B))^(1 / (alpha + beta)): N_opt = G (C/6)^a (eq. 4)
  /// E + A / n^alpha + B / d^beta, nats/token; n in params, d in tokens.
  double loss(double n, double d) const;
  /// Loss-minimising parameters for a budget of c FLOPs, C = 6 N D: G (c/6)^a (eq. 4).
  double n_opt(double c) const;
  /// Loss-minimising tokens for a budget of c FLOPs: G^-1 (c/6)^b (eq. 4).
  double d_opt(double c) const;
  /// Loss on the frontier, loss(n_opt(c), d_opt(c)), nats/token.
  double loss_opt(double c) const;
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
