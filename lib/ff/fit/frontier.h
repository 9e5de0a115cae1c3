// The compute-optimal frontier that every Chinchilla approach yields (Hoffmann et al. 2022,
// eq. 4 and Table 2): N_opt = k C^a, D_opt = k' C^b and L_opt = E + k'' C^-gamma, and the
// predictions read off it.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "ff/fit/least_squares.h"
#include "ff/fit/parametric.h"

namespace ff {

/// Hoffmann et al. 2022's three approaches, in the paper's order.
enum class Approach {
  kEnvelope = 0,    // Approach 1: minimum over training curves
  kIsoflop = 1,     // Approach 2: IsoFLOP profiles
  kParametric = 2,  // Approach 3: parametric loss L(N, D)
};
constexpr int kNumApproaches = 3;
constexpr Approach kAllApproaches[] = {Approach::kEnvelope, Approach::kIsoflop, Approach::kParametric};

/// "envelope", "isoflop", "parametric" (the keys of analysis.json's `approaches`).
const char* approach_name(Approach approach);

struct Frontier {
  PowerLaw n_opt;           // N_opt (parameters) = k C^a, C in FLOPs
  PowerLaw d_opt;           // D_opt (tokens) = k' C^b
  OffsetPowerLaw loss_opt;  // L_opt (nats/token) = E + k'' C^-gamma: power.exponent = -gamma
  bool loss_fitted = false; // false: too few optima for the loss law; loss() is NaN

  double a() const { return n_opt.exponent; }
  double b() const { return d_opt.exponent; }
  /// The loss on the frontier at c FLOPs, nats/token; NaN when !loss_fitted.
  double loss(double c) const { return loss_fitted ? loss_opt(c) : std::nan(""); }
};

/// Power laws through one approach's optima (c_i FLOPs, n_i parameters, d_i tokens, loss_i
/// nats/token), by least squares in log space; the loss law needs 3 optima. ff::Error if
/// fewer than 2 optima or no spread in c.
Frontier fit_frontier(const std::vector<double>& c, const std::vector<double>& n, const std::vector<double>& d,
                      const std::vector<double>& loss);

/// The parametric fit's frontier in closed form under C = 6 N D (eq. 4): N_opt = G (C/6)^a,
/// D_opt = G^-1 (C/6)^b, L_opt = E + (A G^-alpha + B G^beta) (C/6)^-gamma with
/// gamma = alpha beta / (alpha + beta). Standard errors and R^2 are NaN.
Frontier parametric_frontier(const ParametricFit& fit);

/// A closed interval [lo, hi]; NaN bounds when unknown (no bootstrap).
struct Bounds {
  double lo = std::nan("");
  double hi = std::nan("");
  bool known() const { return std::isfinite(lo) && std::isfinite(hi); }
};

/// The compute-optimal model at one budget, as one approach predicts it.
struct Prediction {
  std::string approach;         // approach_name()
  double compute_budget = 0;    // FLOPs
  double n_params = 0;          // N_opt, parameters
  double tokens = 0;            // D_opt, tokens
  double tokens_per_param = 0;  // D_opt / N_opt
  double loss = 0;              // expected loss, nats/token (NaN when the approach has no loss law)
  Bounds n_params_interval, tokens_interval, loss_interval;  // bootstrap percentile intervals
};

/// The frontier at c FLOPs (intervals unknown).
Prediction predict(const Frontier& frontier, Approach approach, double c);

}  // namespace ff
