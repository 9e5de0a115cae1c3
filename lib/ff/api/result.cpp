// find_optimal's result (see result.h).
#include "ff/api/result.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/plot/figures.h"
#include "ff/plot/interim_inputs.h"
#include "ff/plot/report.h"

namespace ff {

Result::Result(Plan plan, Config config, std::filesystem::path dir)
    : plan_(std::move(plan)), config_(std::move(config)), dir_(std::move(dir)) {}

std::string Result::plan_table() const { return format_plan_table(plan_); }

const Analysis& Result::analysis() const {
  check(analysis_.has_value(),
        "{}: no analysis: the sweep was only planned (hint: call find_optimal with options.train = true)",
        dir_.string());
  return *analysis_;
}

nlohmann::json Result::analysis_json() const { return to_json(analysis()); }

const std::vector<BudgetProfile>& Result::optima() const { return analysis().isoflop.budgets; }

const Frontier& Result::law(Approach approach) const {
  const ApproachReport& r = analysis().report(approach);
  check(r.fitted, "{}: approach {} was not fitted: {}", dir_.string(), approach_name(approach), r.reason);
  return r.law;
}

Prediction Result::predict(double c, Approach approach) const {
  check(c > 0 && std::isfinite(c), "predict: compute budget {} must be a positive number of FLOPs", c);
  return ff::predict(law(approach), approach, c);
}

std::string Result::chinchilla_table() const { return prediction_table(analysis()); }

std::string Result::report() const { return chinchilla_markdown(analysis()); }

std::vector<std::filesystem::path> Result::plot(const std::filesystem::path& out_dir) const {
  const PlotSettings settings = read_plot_settings(config_);
  const Analysis& a = analysis();
  return plot_all(a, load_budget_curves(a, dir_ / "runs"), out_dir.empty() ? dir_ / "plots" : out_dir, settings);
}

}  // namespace ff
