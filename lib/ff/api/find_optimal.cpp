// find_optimal: plan -> train -> analyze (-> plot) through the pipeline's stages, the functions
// the four tools call (see ff/flops_fit.h).
#include "ff/flops_fit.h"

#include <set>

#include <spdlog/spdlog.h>

#include "ff/common/strings.h"
#include "ff/io/results_file.h"
#include "ff/pipeline/analyze_stage.h"
#include "ff/pipeline/plan_stage.h"
#include "ff/pipeline/train_stage.h"
#include "ff/plan/size_plan.h"
#include "ff/plot/figures.h"
#include "ff/pipeline/sweep_dir.h"
#include "ff/train/distributed.h"
#include "ff/train/loop.h"
#include "ff/train/trainers.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOptionsSource = "find_optimal options";

// The model family to sweep: the built-in GPT (no factory) or a custom one.
struct Problem {
  ModelFactory factory;
  SizeParameter size;
  std::shared_ptr<DataSource> data;
  LossFn loss;
  bool custom() const { return static_cast<bool>(factory); }
};

// Every setting, read (and so checked) before anything runs.
struct Settings {
  PlanSettings plan;
  TrainSettings train;
  AnalyzeSettings analyze;
};

Settings read_settings(const Config& config) {
  Settings s{read_plan_settings(config), read_train_settings(config), read_analyze_settings(config)};
  read_plot_settings(config);
  return s;
}

// A custom model's planner: the contract checked, its sizes counted, the same grid rule as ff-plan.
Planner custom_planner(const Problem& p, const Settings& s, const Config& config) {
  return [&p, &s, &config](const PlanSettings& plan, std::vector<std::string>* warnings) {
    if (plan.convention != FlopsConvention::k6ND) {
      config.fail_at("compute.flops_convention", "must be 6nd for a custom model: C = 6 N D, N its counted parameters");
    }
    if (!plan.widths.empty()) {
      config.fail_at("sizes.widths", "applies to the built-in GPT only (hint: give a custom model's sizes as its "
                                     "SizeParameter values)");
    }
    check(p.data != nullptr, "data source: none given (hint: pass std::make_shared<YourDataSource>(...))");
    const auto counts = count_sizes(p.factory, p.size, largest_size_target(plan), plan.max_count_bytes);
    check_contract(p.factory, p.size.name, counts.front().value, *p.data, p.loss, s.train.local.seed);
    spdlog::info("model contract ok: {} sizes counted, {}={:g} ({} parameters) to {}={:g} ({})", counts.size(),
                 p.size.name, counts.front().value, format_count(static_cast<double>(counts.front().n_params)),
                 p.size.name, counts.back().value, format_count(static_cast<double>(counts.back().n_params)));
    return make_size_plan(plan, p.size.name, counts, p.data->tokens_per_sample(), warnings);
  };
}

// Runs in results.csv that this plan does not hold (an earlier plan's) are analysed too: say so.
void warn_foreign_results(const Plan& plan, const fs::path& results) {
  std::set<std::string> planned;
  for (const auto& r : plan.runs) planned.insert(r.run_id);
  int foreign = 0;
  for (const auto& [id, status] : finished_runs(results)) foreign += planned.count(id) ? 0 : 1;
  if (foreign > 0) {
    spdlog::warn("{} holds {} runs that are not in this plan (an earlier plan's): they are analysed too (hint: use "
                 "a fresh out_dir)", results.string(), foreign);
  }
}

// The train stage with the problem's trainer: the custom model's, or ff-train's (mock or GPT).
SweepSummary train(const Problem& p, const Settings& s, const Plan& plan, const SweepDir& dir) {
  const bool custom_local = p.custom() && s.train.mode == TrainMode::kLocal;
  if (custom_local) check_device(s.train.local.device);
  const RunTrainer trainer =
      custom_local ? custom_run_trainer(p.factory, p.data, p.loss, s.train) : make_run_trainer(s.train, plan);
  const SweepSummary summary = train_sweep(dir, plan, trainer);
  check(!summary.interrupted,
        "{}: stopped by a signal; the run in progress left its checkpoint (hint: call find_optimal again to resume)",
        dir.root().string());
  warn_foreign_results(plan, dir.results());
  return summary;
}

Result run_pipeline(const Problem& problem, const Options& options) {
  const Config config = make_config(options);
  const Settings settings = read_settings(config);
  const SweepDir dir(options.out_dir);
  const Planner planner = problem.custom() ? custom_planner(problem, settings, config) : Planner{};
  Result result(run_plan_stage(dir, config, {}, planner), config, dir.root());
  if (!options.train) return result;
  result.set_sweep(train(problem, settings, result.plan(), dir));
  result.set_analysis(run_analyze_stage(dir, config));
  if (options.plot && is_rank0()) result.plot();  // under torchrun or srun every rank planned, trained
                                                  // and analysed the same sweep (train/distributed.h)
  return result;
}

}  // namespace

Config make_config(const Options& o) {
  Config config = o.config ? *o.config : Config::defaults();
  if (!o.preset.empty()) config.merge_file(find_preset(o.preset));
  for (const auto& assignment : o.overrides) config.merge_override(assignment);
  if (!o.budgets.empty()) {
    std::string list;
    for (double b : o.budgets) list += (list.empty() ? "" : ", ") + fmt::format("{:.17g}", b);
    config.merge_yaml("compute:\n  budgets: [" + list + "]\n", kOptionsSource);
  }
  if (!o.mode.empty()) config.merge_yaml("train:\n  mode: " + o.mode + "\n", kOptionsSource);
  return config;
}

Result find_optimal(const ModelFactory& factory, const SizeParameter& size, std::shared_ptr<DataSource> data,
                    const LossFn& loss, const Options& options) {
  check(static_cast<bool>(factory), "model factory: empty function (hint: pass a callable size -> ff::Model)");
  return run_pipeline(Problem{factory, size, std::move(data), loss}, options);
}

Result find_optimal_gpt(const Options& options) { return run_pipeline(Problem{}, options); }

}  // namespace ff
