// Chinchilla's Approach 2 (Hoffmann et al. 2022, sec. 3.2): IsoFLOP profiles. Per budget, a
// parabola in ln N fitted to the final losses; its vertex is N_opt(C). Then power laws
// N_opt = k C^a and D_opt = k' C^b through the vertices.
#pragma once

#include <string>
#include <vector>

#include "ff/fit/frontier.h"
#include "ff/fit/least_squares.h"
#include "ff/io/analysis_file.h"  // BudgetProfile, IsoflopResult
#include "ff/io/results_file.h"

namespace ff {

/// Runs are no IsoFLOP sweep (the approach is skipped, one reason instead of a warning per budget)
/// when most budget groups hold a single size and fewer than this fraction of the runs lies in
/// groups with min_sizes sizes (the Chinchilla Figure-4 points, each near its own budget).
constexpr double kMinGroupedFraction = 0.5;

/// Groups runs whose compute_budget agree within `budget_tolerance` (relative).
std::vector<std::vector<Observation>> group_by_budget(std::vector<Observation> runs, double budget_tolerance);

/// One budget group's parabola and vertex; `used` false (with `reason`) when it has fewer than
/// max(3, min_sizes) sizes, opens downwards, or its vertex lies outside the sampled sizes.
BudgetProfile fit_budget_profile(const std::vector<Observation>& group, int min_sizes);

/// Budgets with fewer than `min_sizes` sizes, a parabola that opens downwards, or a vertex outside
/// the sampled sizes are left out with a warning. Needs 2 usable budgets for the power laws, and
/// runs that form IsoFLOP groups (kMinGroupedFraction); otherwise `fitted` is false with a reason.
IsoflopResult fit_isoflop(const std::vector<Observation>& runs, double budget_tolerance, int min_sizes,
                          std::vector<std::string>* warnings);

}  // namespace ff
