// Bootstrap intervals for every approach (Efron & Tibshirani 1993; Besiroglu et al. 2024, Sec. 3):
// resample the runs with replacement, refit each approach (Approach 2 with its parabolas), drop
// the replicates where an approach fails, and take percentile intervals of every exponent,
// coefficient and prediction over the rest.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/envelope.h"
#include "ff/fit/frontier.h"
#include "ff/fit/parametric_approach.h"
#include "ff/io/analysis_file.h"  // Uncertainty, NamedBounds
#include "ff/io/results_file.h"

namespace ff {

/// One approach's refits, one per replicate; nullopt where the approach failed on the resample.
struct ApproachReplicates {
  std::vector<std::optional<Frontier>> laws;
  std::vector<std::optional<ParametricFit>> fits;  // Approach 3 only, else empty
};

/// What each approach is fitted to (the runs it resamples).
struct ApproachInputs {
  std::vector<Observation> runs;             // Approach 2: the ok runs
  std::vector<RunCurve> curves;              // Approach 1: the ok runs' training curves
  std::vector<Observation> parametric_runs;  // Approach 3: the ok runs minus the highest losses
  std::vector<ParametricTheta> parametric_starts;  // its refit starts (ParametricResult::refit_starts)
};

/// Refits the approaches marked in `active` on settings.bootstrap resamples of their inputs
/// (replicate r draws resample_indices(n, settings.seed, r), so a replicate depends only on the
/// seed), replicates in parallel on settings.threads. Inactive approaches get no replicates.
std::array<ApproachReplicates, kNumApproaches> bootstrap_approaches(const ApproachInputs& inputs,
                                                                    const std::array<bool, kNumApproaches>& active,
                                                                    const AnalyzeSettings& settings);

/// Percentile intervals over the successful replicates of: a, b, n_opt.coefficient,
/// d_opt.coefficient, loss_opt.E / .coefficient / .exponent, and for Approach 3 also E, A, B,
/// alpha, beta, G; plus the band at `band_budgets` (FLOPs).
Uncertainty summarize_replicates(const Frontier& law, Approach approach, const ApproachReplicates& replicates,
                                 int requested, double level, const std::vector<double>& band_budgets);

/// Sets p's n_params / tokens / loss intervals from the replicates' frontiers at p.compute_budget.
void add_intervals(Prediction* p, const ApproachReplicates& replicates, double level);

/// Log-spaced budgets, 4 per decade, from `lo` to `hi` FLOPs (both included).
std::vector<double> log_grid(double lo, double hi);

}  // namespace ff
