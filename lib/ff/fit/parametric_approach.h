// Approach 3 inside ff-analyze: which runs the parametric fit L(N, D) = E + A/N^alpha + B/D^beta
// sees (optionally without the k highest losses, as Besiroglu et al. 2024 drop 5), the fit from
// the paper's start grid, its frontier, and the few starts its refits (bootstrap, hold-out) use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/frontier.h"
#include "ff/fit/parametric.h"
#include "ff/io/analysis_file.h"  // ParametricResult
#include "ff/io/results_file.h"

namespace ff {

/// The runs without the k highest final losses: those with loss below the k-th largest loss
/// (Besiroglu et al. 2024 keep loss < the 5th-largest loss); all runs when k is 0.
std::vector<Observation> drop_highest_losses(const std::vector<Observation>& runs, int k);

/// (n_params, tokens, final_loss) of each run.
std::vector<ParametricPoint> parametric_points(const std::vector<Observation>& runs);

/// Drops settings.drop_highest_losses runs and fits the rest by settings.parametric_method: vpnls
/// (fit/vpnls.h; refit_starts is then the optimum alone), or grid from settings.parametric_starts
/// (the paper's grid when empty) on settings.threads threads. Not fitted (with a reason) when
/// fewer than 5 runs remain or no start converges.
ParametricResult fit_parametric_approach(const std::vector<Observation>& runs, const AnalyzeSettings& settings);

constexpr double kRefitTolerance = 1e-10;  // Ceres tolerances of refit_parametric

/// One quiet refit of `points` from `starts` on this thread; nullopt if no start converges. With
/// ParametricMethod::kVpnls, refit_parametric_vpnls near starts[0] (fit/vpnls.h) instead.
std::optional<ParametricFit> refit_parametric(const std::vector<ParametricPoint>& points,
                                              const std::vector<ParametricTheta>& starts, double huber_delta,
                                              ParametricMethod method = ParametricMethod::kGrid);

}  // namespace ff
