// The analyze stage (see analyze_stage.h).
#include "ff/pipeline/analyze_stage.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/fit/analyze_settings.h"
#include "ff/fit/hyperparameters.h"
#include "ff/pipeline/run_curves.h"
#include "ff/pipeline/stage_config.h"
#include "ff/io/analysis_file.h"
#include "ff/io/plan_file.h"
#include "ff/io/report.h"
#include "ff/plan/plan_settings.h"
#include "ff/plan/hyper_plan.h"
#include "ff/plan/recommend.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

AnalyzeSettings stage_settings(const Config& config, const AnalyzeRequest& request) {
  AnalyzeSettings settings = read_analyze_settings(config);
  if (request.predict.empty()) return settings;
  for (double c : request.predict) check(c > 0, "--predict: '{:g}' must be a positive FLOP count", c);
  settings.predict = request.predict;
  return settings;
}

void write_outputs(const SweepDir& dir, const Analysis& analysis) {
  if (dir.analysis().has_parent_path()) ensure_dir(dir.analysis().parent_path());
  write_analysis(analysis, dir.analysis());
  write_chinchilla_markdown(analysis, dir.report_markdown());
  write_chinchilla_csv(analysis, dir.report_csv());
}

// True when plan.json exists and plans a custom model (ff::find_optimal with your own factory).
bool plans_custom_model(const SweepDir& dir) {
  if (!std::filesystem::is_regular_file(dir.plan())) return false;
  const Plan plan = read_plan(dir.plan());
  return std::any_of(plan.runs.begin(), plan.runs.end(), [](const PlannedRun& r) { return is_custom(r); });
}

// recommended/<budget>.yaml for each budget the preferred approach predicts, when the folder is a
// sweep of the built-in GPT that ff-plan made (its config.yaml gives the shape rules, batch and
// lr); a budget that cannot be planned is a warning.
void write_recommendations(const SweepDir& dir, const Config& config, const Analysis& analysis) {
  if (!std::filesystem::is_regular_file(dir.config())) {
    spdlog::info("no recommended runs: {} is not a sweep ff-plan made (no {})", dir.root().string(), dir.config().string());
    return;
  }
  if (plans_custom_model(dir)) {
    spdlog::info("no recommended runs: {} plans a custom model (a recommendation is a GPT of the sweep's shape rules)",
                 dir.plan().string());
    return;
  }
  PlanSettings plan = read_plan_settings(config);
  // The lr and batch size: from the hyperparameter laws this analysis fitted, else from those the
  // sweep was planned with (ff-plan --hyper-from), else the sweep's train.lr / train.batch_size.
  if (analysis.hyperparameters.present) {
    plan.has_hyper_laws = true;
    plan.hyper_laws = hyper_laws_from_analysis(analysis, dir.analysis().string());
  } else if (std::filesystem::is_regular_file(dir.plan())) {
    const Plan planned = read_plan(dir.plan());
    plan.has_hyper_laws = planned.has_hyper_laws;
    plan.hyper_laws = planned.hyper_laws;
  }
  for (const Prediction& p : analysis.report(analysis.preferred()).predictions) {
    try {
      write_recommendation(recommend_run(p, plan), config, dir.analysis().string(), dir.recommended(p.compute_budget));
    } catch (const Error& e) {
      spdlog::warn("no recommended run at {:g} FLOPs: {}", p.compute_budget, e.what());
    }
  }
}

}  // namespace

Analysis run_analyze_stage(const SweepDir& dir, const Config& config, const AnalyzeRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const AnalyzeSettings settings = stage_settings(config, request);
  const std::vector<Observation> runs = read_observations(dir.results());
  const std::vector<RunCurve> curves = load_run_curves(dir, runs);
  const Analysis analysis = analyze_runs(runs, settings, curves, dir.results().string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  write_outputs(dir, analysis);
  write_recommendations(dir, config, analysis);
  if (fs::is_directory(dir.root())) record_stage_config(dir, Stage::kAnalyze, config);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {}, {} and {} ({} runs, {} curves, {} bootstrap replicates, {:.1f} s)", dir.analysis().string(),
               dir.report_markdown().string(), dir.report_csv().string(), runs.size(), curves.size(),
               settings.bootstrap, seconds);
  return analysis;
}

}  // namespace ff
