// Variable projection for Approach 3 (VPNLS; Golub & Pereyra 1973; Czech et al. 2026): for fixed
// exponents (alpha, beta) the law L = E + A N^-alpha + B D^-beta is linear in (E, A, B), so a
// non-negative least-squares solve eliminates them and leaves a search over the 2-D (alpha, beta)
// plane (a coarse grid, then Nelder-Mead). Its optimum starts one L-BFGS refinement of the paper's
// objective (Huber on log L, fit/parametric.h) in place of the 4500-start grid.
#pragma once

#include <vector>

#include "ff/fit/parametric.h"

namespace ff {

/// The projected linear fit at fixed exponents.
struct ProjectedFit {
  double alpha = 0, beta = 0;  // the fixed exponents
  double E = 0, A = 0, B = 0;  // the non-negative least-squares coefficients, nats/token (A, B as in ParametricFit)
  double sse = 0;              // sum_i ((E + A N_i^-alpha + B D_i^-beta - L_i) / L_i)^2, relative residuals
};

struct VpnlsOptions {
  double exponent_min = 0.02;  // the coarse grid's lowest alpha and beta
  double exponent_max = 2.0;   // its highest (the paper's start grid spans 0 - 2)
  int grid_steps = 50;         // grid points per exponent (50 x 50 cells)
  int max_simplex_steps = 400; // Nelder-Mead iterations of the 2-D refinement
};

/// The non-negative least-squares (E, A, B) at fixed (alpha, beta), minimising relative squared
/// residuals (the first-order version of the residuals in log L); exact over the 8 active sets.
ProjectedFit project_exponents(const std::vector<ParametricPoint>& points, double alpha, double beta);

/// The (alpha, beta) whose projection has the smallest sse: the best cell of the coarse grid,
/// refined by Nelder-Mead. `near`, when given, skips the grid and refines from its exponents.
ProjectedFit vpnls_search(const std::vector<ParametricPoint>& points, const VpnlsOptions& options,
                          const ParametricTheta* near = nullptr);

/// The projected optimum in the optimiser's coordinates (log A, log B, log E, alpha, beta); a
/// coefficient the projection put at 0 starts at 1% of the smallest loss, so that its log is finite.
ParametricTheta projected_theta(const ProjectedFit& fit, const std::vector<ParametricPoint>& points);

/// VPNLS: vpnls_search, then one L-BFGS refinement of the Huber objective from its optimum
/// (options' tolerances and huber_delta; options.starts is ignored). start_index is 0.
ParametricFit fit_parametric_vpnls(const std::vector<ParametricPoint>& points, const ParametricOptions& options,
                                   const VpnlsOptions& vpnls = {});

/// A refit near a known optimum (a bootstrap resample, a hold-out subset): L-BFGS from the
/// variable-projection optimum searched near `near` (Nelder-Mead only, no grid) and from `near`
/// itself; the better of the two. start_index 0 or 1 says which.
ParametricFit refit_parametric_vpnls(const std::vector<ParametricPoint>& points, const ParametricTheta& near,
                                     const ParametricOptions& options);

}  // namespace ff
