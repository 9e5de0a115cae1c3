// The plan stage (see plan_stage.h).
#include "ff/pipeline/plan_stage.h"

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/fit/hyperparameters.h"
#include "ff/io/analysis_file.h"
#include "ff/pipeline/stage_config.h"
#include "ff/plan/hyper_plan.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/plan/plan_from_analysis.h"

namespace ff {

Plan run_plan_stage(const SweepDir& dir, const Config& config, const PlanRequest& request, const Planner& planner) {
  std::vector<std::string> warnings;
  PlanSettings settings = read_plan_settings(config);
  if (!request.from.empty()) {
    const Approach approach =
        centre_on_analysis(settings, read_analysis(request.from), request.approach, request.from, &warnings);
    spdlog::info("sizes centred on the {} approach's optima from {}", approach_name(approach), request.from);
  }
  if (!request.hyper_from.empty()) {
    check(settings.kind == PlanKind::kIsoflop, "--hyper-from {}: {} is hyperparameters; the laws set the lr and batch "
          "size of an isoflop plan", request.hyper_from, config.where("plan.kind"));
    const Analysis laws = read_analysis(request.hyper_from);
    settings.hyper_laws = hyper_laws_from_analysis(laws, request.hyper_from);
    const auto extrapolated = extrapolation_warnings(laws.hyperparameters, settings.budgets, request.hyper_from);
    warnings.insert(warnings.end(), extrapolated.begin(), extrapolated.end());
    settings.has_hyper_laws = true;
    spdlog::info("each budget's lr and batch size from the hyperparameter laws of {}", request.hyper_from);
  }
  Plan plan;
  if (settings.kind == PlanKind::kHyperparameters) {
    check(!planner, "{}: plan.kind hyperparameters plans the built-in GPT only", config.where("plan.kind"));
    plan = make_hyper_plan(settings, &warnings);
  } else {
    const BudgetPlanner make = planner ? BudgetPlanner(planner) : BudgetPlanner(make_plan);
    plan = settings.has_hyper_laws ? plan_with_hyper_laws(settings, make, &warnings) : make(settings, &warnings);
  }
  plan.config = config.to_json();
  for (const auto& w : warnings) spdlog::warn("{}", w);
  write_sweep_config(dir, config);
  if (dir.plan().has_parent_path()) ensure_dir(dir.plan().parent_path());
  write_plan(plan, dir.plan());
  spdlog::info("wrote {} ({} runs over {} budgets)", dir.plan().string(), plan.runs.size(), plan.budgets.size());
  return plan;
}

}  // namespace ff
