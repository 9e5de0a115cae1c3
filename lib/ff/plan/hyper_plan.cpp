// Hyperparameter sweeps and plans from hyperparameter laws (see hyper_plan.h).
#include "ff/plan/hyper_plan.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/plan/architecture.h"
#include "ff/plan/isoflop_plan.h"

namespace ff {

namespace {

// settings restricted to budget c: its own window kept, lr and batch size as given.
PlanSettings one_budget(const PlanSettings& s, double c, double lr, int64_t batch_size) {
  PlanSettings one = s;
  one.budgets = {c};
  one.windows = s.windows.empty() ? std::vector<SizeWindow>{} : std::vector<SizeWindow>{size_window(c, s)};
  one.lr = lr;
  one.batch_size = batch_size;
  return one;
}

// The widths of budget c's sizes: hyper.sizes targets log-spaced over hyper.size_span around the
// prior optimum, each the nearest GPT; sizes.widths when given.
std::vector<int64_t> hyper_widths(const PlanSettings& s, double c) {
  if (!s.widths.empty()) return s.widths;
  const double centre = size_window(c, s).centre;
  const int64_t n = s.hyper.sizes;
  std::vector<int64_t> widths;
  for (int64_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1) - 0.5;
    widths.push_back(arch_for_params(centre * std::pow(s.hyper.size_span, t), s.model).d_model);
  }
  return widths;
}

void add_once(std::vector<std::string>* all, const std::vector<std::string>& more) {
  if (!all) return;
  for (const auto& w : more) {
    if (std::find(all->begin(), all->end(), w) == all->end()) all->push_back(w);
  }
}

}  // namespace

Plan make_hyper_plan(const PlanSettings& s, std::vector<std::string>* warnings) {
  Plan plan;
  plan.kind = PlanKind::kHyperparameters;
  plan.convention = s.convention;
  plan.budgets = s.hyper.budgets.empty() ? s.budgets : s.hyper.budgets;
  const std::vector<int64_t> batches = s.hyper.batch_sizes.empty() ? std::vector<int64_t>{s.batch_size}
                                                                   : s.hyper.batch_sizes;
  for (double c : plan.budgets) {
    for (int64_t batch : batches) {
      for (double lr : s.hyper.lr) {
        PlanSettings one = one_budget(s, c, lr, batch);
        one.widths = hyper_widths(s, c);
        std::vector<std::string> these;
        const Plan part = make_plan(one, &these);
        add_once(warnings, these);
        plan.runs.insert(plan.runs.end(), part.runs.begin(), part.runs.end());
      }
    }
  }
  return plan;
}

double planned_lr(const PlanSettings& s, double c) {
  const PlanHyperLaws& h = s.hyper_laws;
  return s.has_hyper_laws && h.lr ? h.lr_coefficient * std::pow(c, h.lr_exponent) : s.lr;
}

int64_t planned_batch_size(const PlanSettings& s, double c) {
  const PlanHyperLaws& h = s.hyper_laws;
  if (!s.has_hyper_laws || !h.batch_size) return s.batch_size;
  return std::max<int64_t>(1, std::llround(h.batch_coefficient * std::pow(c, h.batch_exponent)));
}

PlanHyperLaws hyper_laws_from_analysis(const Analysis& a, const std::string& source) {
  const HyperparameterLaws& h = a.hyperparameters;
  check(h.present, "{}: holds no hyperparameter laws (hint: ff-analyze a sweep planned with plan.kind=hyperparameters)",
        source);
  check(h.lr.fitted || h.batch_size.fitted, "{}: no hyperparameter law was fitted (lr: {}; batch_size: {})", source,
        h.lr.reason, h.batch_size.reason);
  PlanHyperLaws laws;
  laws.source = source;
  laws.lr = h.lr.fitted;
  laws.lr_coefficient = h.lr.vs_compute.coefficient;
  laws.lr_exponent = h.lr.vs_compute.exponent;
  laws.batch_size = h.batch_size.fitted;
  laws.batch_coefficient = h.batch_size.vs_compute.coefficient;
  laws.batch_exponent = h.batch_size.vs_compute.exponent;
  return laws;
}

Plan plan_with_hyper_laws(const PlanSettings& s, const BudgetPlanner& planner, std::vector<std::string>* warnings) {
  Plan plan;
  plan.convention = s.convention;
  plan.budgets = s.budgets;
  for (double c : s.budgets) {
    std::vector<std::string> these;
    const Plan part = planner(one_budget(s, c, planned_lr(s, c), planned_batch_size(s, c)), &these);
    add_once(warnings, these);
    plan.convention = part.convention;
    plan.runs.insert(plan.runs.end(), part.runs.begin(), part.runs.end());
  }
  plan.has_hyper_laws = s.has_hyper_laws;
  plan.hyper_laws = s.hyper_laws;
  return plan;
}

}  // namespace ff
