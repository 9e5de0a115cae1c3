// find_optimal: plan -> train -> analyze (-> plot) through the same functions as the four
// tools (see ff/flops_fit.h).
#include "ff/flops_fit.h"

#include <set>

#include <spdlog/spdlog.h>

#include "ff/cli/tool.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/fit/analyze_tool.h"
#include "ff/io/results_file.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/plot/figures.h"
#include "ff/pipeline/sweep_dir.h"
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

// A custom model's plan: the contract checked, its sizes counted, the same grid rule as ff-plan.
Plan plan_custom(const Problem& p, const Settings& s, const Config& config, std::vector<std::string>* warnings) {
  if (s.plan.convention != FlopsConvention::k6ND) {
    config.fail_at("compute.flops_convention", "must be 6nd for a custom model: C = 6 N D, N its counted parameters");
  }
  if (!s.plan.widths.empty()) {
    config.fail_at("sizes.widths", "applies to the built-in GPT only (hint: give a custom model's sizes as its "
                                   "SizeParameter values)");
  }
  check(p.data != nullptr, "data source: none given (hint: pass std::make_shared<YourDataSource>(...))");
  const auto counts = count_sizes(p.factory, p.size, largest_size_target(s.plan), s.plan.max_count_bytes);
  check_contract(p.factory, p.size.name, counts.front().value, *p.data, p.loss, s.train.local.seed);
  spdlog::info("model contract ok: {} sizes counted, {}={:g} ({} parameters) to {}={:g} ({})", counts.size(),
               p.size.name, counts.front().value, format_count(static_cast<double>(counts.front().n_params)),
               p.size.name, counts.back().value, format_count(static_cast<double>(counts.back().n_params)));
  return make_size_plan(s.plan, p.size.name, counts, p.data->tokens_per_sample(), warnings);
}

// Writes config.yaml and plan.json, as ff-plan does.
Plan plan_sweep(const Problem& p, const Settings& s, const Config& config, const fs::path& dir) {
  std::vector<std::string> warnings;
  Plan plan = p.custom() ? plan_custom(p, s, config, &warnings) : make_plan(s.plan, &warnings);
  plan.config = config.to_json();
  for (const auto& w : warnings) spdlog::warn("{}", w);
  CommonOptions common;
  common.dir = dir.string();
  write_effective_config(common, config);
  write_plan(plan, dir / "plan.json");
  spdlog::info("wrote {} ({} runs over {} budgets)", (dir / "plan.json").string(), plan.runs.size(),
               plan.budgets.size());
  return plan;
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

// Trains every run not yet in results.csv, as ff-train does.
SweepSummary train_sweep(const Problem& p, const Settings& s, const Plan& plan, const fs::path& dir) {
  const SweepDir sweep_dir(dir);
  ensure_dir(sweep_dir.runs());
  const bool custom_local = p.custom() && s.train.mode == TrainMode::kLocal;
  if (custom_local) check_device(s.train.local.device);
  const RunTrainer trainer =
      custom_local ? custom_run_trainer(p.factory, p.data, p.loss, s.train) : make_run_trainer(s.train, plan);
  const SweepSummary summary = run_sweep(plan, sweep_dir, SweepOptions{}, trainer);
  log_summary(summary);
  check(!summary.interrupted,
        "{}: stopped by a signal; the run in progress left its checkpoint (hint: call find_optimal again to resume)",
        dir.string());
  warn_foreign_results(plan, sweep_dir.results());
  return summary;
}

Result run_pipeline(const Problem& problem, const Options& options) {
  const Config config = make_config(options);
  const Settings settings = read_settings(config);
  const fs::path dir = options.out_dir;
  ensure_dir(dir);
  Result result(plan_sweep(problem, settings, config, dir), config, dir);
  if (!options.train) return result;
  result.set_sweep(train_sweep(problem, settings, result.plan(), dir));
  result.set_analysis(analyze_results(dir / "results.csv", dir / "runs", dir / "analysis.json", settings.analyze));
  if (options.plot) {
    for (const auto& image : result.plot()) spdlog::info("wrote {}", image.string());
  }
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
