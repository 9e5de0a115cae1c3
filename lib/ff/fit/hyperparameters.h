// Hyperparameter laws from a sweep over learning rates and batch sizes (plan.kind:
// hyperparameters, or any CSV with `lr` and `batch_size` columns): per (budget, size) group the
// loss-minimising lr (and batch size) from a parabola in ln lr through the lowest points of the
// group's profile, kept only when its vertex lies inside them (as Approach 2 keeps its vertices,
// fit/isoflop.h); then lr_opt = k C^x and B_opt = k' C^y through the optima (DeepSeek-AI 2024,
// sec. 3.1; Porian et al. 2024 on why each scale needs its own), and against N, with intervals
// from a bootstrap over the groups.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ff/fit/envelope.h"  // RunCurve
#include "ff/io/analysis_file.h"

namespace ff {

/// Points of a group's profile the parabola is fitted to: the lowest and up to this many on
/// either side of it.
constexpr int kHyperNeighbours = 2;

/// A law through fewer optima gets no bootstrap interval (replicates 0, with a warning).
constexpr std::size_t kHyperMinGroupsForIntervals = 3;

enum class Hyper { kLr, kBatchSize };

/// True when some (budget, size) group of `runs` (budgets agreeing within `budget_tolerance`)
/// holds more than one lr or more than one batch size: a hyperparameter sweep.
bool is_hyperparameter_sweep(const std::vector<Observation>& runs, double budget_tolerance);

/// One group's profile (the lowest loss at each value of `which`, over the other hyperparameter)
/// and its optimum; `used` false with a reason when it has fewer than 3 values, its lowest loss
/// lies at an end of the grid, the parabola opens downwards or its vertex leaves the fitted points.
HyperGroup fit_hyper_group(const std::vector<Observation>& group, Hyper which);

/// Both laws over the (budget, size) groups of `runs`, with settings.bootstrap replicates (seeded
/// by settings.seed) for the percentile intervals at settings.level (from kHyperMinGroupsForIntervals
/// optima); groups left out are warnings.
HyperparameterLaws fit_hyperparameters(const std::vector<Observation>& runs, const AnalyzeSettings& settings,
                                       std::vector<std::string>* warnings);

/// Warnings for the budgets where a fitted law is used far from its data (ff-plan --hyper-from):
/// more than kHyperExtrapolationWarn times beyond the budgets of the optima it was fitted through;
/// and one when it was fitted through fewer than kHyperMinGroupsForIntervals optima (no interval).
constexpr double kHyperExtrapolationWarn = 1.5;
std::vector<std::string> extrapolation_warnings(const HyperparameterLaws& laws, const std::vector<double>& budgets,
                                                const std::string& source);

/// The lowest-loss run of each (budget, size) group: what the scaling-law approaches see of a
/// hyperparameter sweep (each size at its best lr and batch).
std::vector<Observation> best_per_size(const std::vector<Observation>& runs, double budget_tolerance);

/// analyze() for any runs: a hyperparameter sweep gets its laws (Analysis::hyperparameters) and
/// the scaling-law approaches over best_per_size; if none of those applies, the analysis keeps
/// the hyperparameter laws with a warning instead of failing. Other runs: analyze() itself.
Analysis analyze_runs(const std::vector<Observation>& runs, const AnalyzeSettings& settings,
                      const std::vector<RunCurve>& curves, const std::string& source);

}  // namespace ff
