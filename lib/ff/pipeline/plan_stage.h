// The plan stage (ff-plan, ff::find_optimal): the sweep's runs from the plan settings, written
// with the sweep's configuration.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// What ff-plan is asked besides the configuration.
struct PlanRequest {
  std::string from;      // an analysis.json to centre each budget's sizes on ("" = the prior)
  std::string approach;  // with `from`: the approach whose optima to use ("" = the preferred one)
  std::string hyper_from;  // an analysis.json whose hyperparameter laws set each budget's lr and batch ("" = train.*)
};

/// Makes the runs of a model family other than the built-in GPT (ff::find_optimal's factory):
/// settings -> plan, adding any warnings.
using Planner = std::function<Plan(const PlanSettings& settings, std::vector<std::string>* warnings)>;

/// Reads the plan settings, centres them on request.from if given, makes the plan (the built-in
/// GPT's IsoFLOP grid, or `planner`'s runs; the hyperparameter sweep under plan.kind
/// hyperparameters; each budget's lr and batch size from request.hyper_from's laws), logs its warnings, and writes DIR/config.yaml and
/// dir.plan() (with the configuration recorded in it). Returns the plan.
Plan run_plan_stage(const SweepDir& dir, const Config& config, const PlanRequest& request = {},
                    const Planner& planner = {});

}  // namespace ff
