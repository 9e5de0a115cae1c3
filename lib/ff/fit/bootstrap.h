// Nonparametric bootstrap (Efron & Tibshirani 1993): seeded resampling with replacement, refits
// on a thread pool, percentile intervals; and the parametric-fit bootstrap of Besiroglu et al.
// 2024 ("Chinchilla Scaling: A replication attempt", Sec. 3: 4000 resamples of the 240 points).
#pragma once

#include "ff/fit/parametric.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace ff {

/// A closed interval [lo, hi] in the unit of the quantity it bounds.
struct Interval {
  double lo = 0;
  double hi = 0;
};

/// The central `level` percentile interval of `values`: their (1 - level) / 2 and (1 + level) / 2
/// quantiles, linearly interpolated between order statistics (numpy.percentile's default).
/// Throws ff::Error on an empty or non-finite sample, or level outside (0, 1).
Interval percentile_interval(std::vector<double> values, double level = 0.95);

/// The resample of replicate `replicate`: n indices in [0, n) drawn uniformly with replacement
/// from std::mt19937_64 seeded by std::seed_seq{seed, replicate} (both split into 32-bit words),
/// so that it depends only on (n, seed, replicate), never on threads or order of evaluation.
std::vector<std::size_t> resample_indices(std::size_t n, std::uint64_t seed, std::size_t replicate);

/// Calls refit(replicate, resample_indices(n_points, seed, replicate)) for every replicate in
/// [0, n_boot) on `threads` std::threads. refit must write only to its replicate's own slot.
void bootstrap_each(std::size_t n_points, int n_boot, std::uint64_t seed, int threads,
                    const std::function<void(int replicate, const std::vector<std::size_t>& indices)>& refit);

/// Collects refit(indices) for every replicate, in replicate order (see bootstrap_each).
template <typename T>
std::vector<T> bootstrap_map(std::size_t n_points, int n_boot, std::uint64_t seed, int threads,
                             const std::function<T(const std::vector<std::size_t>& indices)>& refit) {
  std::vector<T> out(static_cast<std::size_t>(n_boot > 0 ? n_boot : 0));
  bootstrap_each(n_points, n_boot, seed, threads,
                 [&](int replicate, const std::vector<std::size_t>& indices) { out[replicate] = refit(indices); });
  return out;
}

/// How bootstrap_parametric resamples and refits.
struct BootstrapOptions {
  int n_boot = 4000;        // resamples (replicates)
  std::uint64_t seed = 0;   // with the replicate index, fixes each resample
  int threads = 2;          // replicates run in parallel; each refit runs on one thread
  double level = 0.95;      // central coverage of the percentile intervals
  /// Starts for each refit: the full-data optimum plus this many points of the full fit's start
  /// grid, spread evenly over those that reached the full-data optimum. -1: every refit uses the
  /// full-data fit's starts (the paper's 4500-point grid by default; ~2 s a refit on 2 cores).
  int refit_grid_starts = 4;
  /// kVpnls: the full fit by fit_parametric_vpnls and each refit by refit_parametric_vpnls near
  /// it (fit.starts and refit_grid_starts unused).
  ParametricMethod method = ParametricMethod::kGrid;
};

/// The full-data fit, every replicate's fit, and percentile intervals of the parameters.
struct ParametricBootstrap {
  ParametricFit full;                     // the fit to all points
  std::vector<ParametricFit> replicates;  // one fit per resample, in replicate order
  double level = 0.95;                    // coverage of the intervals below
  Interval E, A, B, alpha, beta;          // units as in ParametricFit
  Interval a, b;                          // exponents of N_opt ∝ C^a and D_opt ∝ C^b
  /// Percentile interval of any derived quantity over the replicates, e.g.
  /// interval([&](const ParametricFit& f) { return f.n_opt(1e21); }).
  Interval interval(const std::function<double(const ParametricFit&)>& quantity) const;
};

/// The starts bootstrap_parametric gives each refit (see BootstrapOptions::refit_grid_starts).
std::vector<ParametricTheta> refit_starts(const std::vector<ParametricFit>& full_fits_each_start,
                                          const ParametricOptions& fit_options, int n_grid_starts);

/// Fits all points with `fit` (its starts, default the paper's grid), then refits n_boot
/// resamples and reports percentile intervals (Besiroglu et al. 2024, Sec. 3).
ParametricBootstrap bootstrap_parametric(const std::vector<ParametricPoint>& points,
                                         const ParametricOptions& fit, const BootstrapOptions& boot);

}  // namespace ff
