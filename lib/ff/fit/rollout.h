// The rolling hold-out ("rollout", as OLMo-core's model ladder): for each budget k from the third
// up (ascending), every approach refitted on the runs of the budgets below k predicts k, and is
// compared with k's own measurements as the single hold-out is (fit/holdout.h): N_opt and D_opt
// with the vertex of k's IsoFLOP parabola, the loss with k's lowest measured loss. The errors
// against the extrapolation distance C_k / (largest fitted C) show how far each law can be trusted.
#pragma once

#include <array>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/uncertainty.h"
#include "ff/io/analysis_file.h"  // Rollout, RolloutStep

namespace ff {

/// The rollout of the approaches marked in `active` (the others get no steps), over the budget
/// groups (group_by_budget) from the third up that hold settings.min_sizes runs; a reason and no
/// steps when there are fewer than 3 groups or none of them qualifies.
Rollout run_rollout(const ApproachInputs& inputs, const std::array<bool, kNumApproaches>& active,
                    const AnalyzeSettings& settings);

}  // namespace ff
