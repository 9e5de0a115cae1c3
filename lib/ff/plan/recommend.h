// The runnable recommendation: for a predicted budget, the concrete GPT under the sweep's shape
// rules (model.*) whose parameter count is nearest the predicted N_opt, planned as ff-plan plans
// it (io/recommendation_file.h writes it as a preset).
#pragma once

#include "ff/io/recommendation_file.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// How far d_model / n_layers may stray from model.aspect_ratio (either way, as a ratio) so that
/// N can land near N_opt: widths step by head_size and layers by one.
constexpr double kRecommendAspectTolerance = 1.25;

/// Over widths d (multiples of model.head_size up to model.max_d_model) and layer counts L with
/// d / L within kRecommendAspectTolerance of model.aspect_ratio, the GPT whose parameter count is
/// nearest prediction.n_params in log space (ties: the aspect ratio nearer the sweep's); planned
/// by make_plan with compute.budgets = [prediction.compute_budget], sizes.widths = [d] and
/// model.aspect_ratio = d / L. ff::Error when the budget is too small for one step.
Recommendation recommend_run(const Prediction& prediction, const PlanSettings& sweep);

}  // namespace ff
