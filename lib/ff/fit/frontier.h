// The compute-optimal frontier that every Chinchilla approach yields (Hoffmann et al. 2022,
// eq. 4 and Table 2): N_opt = k C^a, D_opt = k' C^b and L_opt = E + k'' C^-gamma (the Frontier
// record, io/analysis_record.h), fitted, and the predictions read off it.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include "ff/fit/least_squares.h"
#include "ff/fit/parametric.h"
#include "ff/io/analysis_file.h"  // Approach, Frontier, Bounds, Prediction

namespace ff {

/// Power laws through one approach's optima (c_i FLOPs, n_i parameters, d_i tokens, loss_i
/// nats/token), by least squares in log space; the loss law needs 3 optima. ff::Error if
/// fewer than 2 optima or no spread in c.
Frontier fit_frontier(const std::vector<double>& c, const std::vector<double>& n, const std::vector<double>& d,
                      const std::vector<double>& loss);

/// The parametric fit's frontier in closed form under C = 6 N D (eq. 4): N_opt = G (C/6)^a,
/// D_opt = G^-1 (C/6)^b, L_opt = E + (A G^-alpha + B G^beta) (C/6)^-gamma with
/// gamma = alpha beta / (alpha + beta). Standard errors and R^2 are NaN.
Frontier parametric_frontier(const ParametricFit& fit);

/// The frontier at c FLOPs (intervals unknown).
Prediction predict(const Frontier& frontier, Approach approach, double c);

}  // namespace ff
