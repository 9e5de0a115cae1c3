// The rolling hold-out (see rollout.h).
#include "ff/fit/rollout.h"

#include <set>
#include <string>
#include <vector>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/fit/holdout.h"
#include "ff/fit/isoflop.h"

namespace ff {

namespace {

double mean_budget(const std::vector<Observation>& group) {
  double sum = 0;
  for (const auto& r : group) sum += r.compute_budget;
  return sum / static_cast<double>(group.size());
}

// Every approach refitted on `fitted` (the groups below `held_out`) predicts held_out's budget.
void add_step(const ApproachInputs& in, const std::array<bool, kNumApproaches>& active, const AnalyzeSettings& s,
              const std::vector<Observation>& fitted, const std::vector<Observation>& held_out, double largest_fitted,
              int n_fitted_budgets, Rollout* out) {
  RolloutStep step;
  step.reference = holdout_reference(held_out, s.min_sizes, fitted.size() + held_out.size());
  step.reference.n_fitted = static_cast<int>(fitted.size());
  step.largest_fitted = largest_fitted;
  step.n_fitted_budgets = n_fitted_budgets;
  std::set<std::string> held_ids;
  for (const auto& r : held_out) held_ids.insert(r.run_id);
  // The envelope sees only curves of the fitted runs (and none of the larger budgets').
  ApproachInputs below = in;
  below.curves.clear();
  std::set<std::string> fitted_ids;
  for (const auto& r : fitted) fitted_ids.insert(r.run_id);
  for (const auto& c : in.curves) {
    if (fitted_ids.count(c.run_id)) below.curves.push_back(c);
  }
  for (Approach a : kAllApproaches) {
    const int k = static_cast<int>(a);
    if (!active[k]) continue;
    RolloutStep mine = step;
    if (step.reference.ok) {
      std::string why;
      const auto law = refit_without(a, below, fitted, held_ids, s, &why);
      mine.check = compare_with_reference(law, a, step.reference, why);
      mine.extrapolation = step.reference.compute_budget / largest_fitted;
    } else {
      mine.reference.compute_budget = mean_budget(held_out);
      mine.extrapolation = mine.reference.compute_budget / largest_fitted;
      mine.check.reason = "the budget " + step.reference.reason;
      mine.reference.reason = mine.check.reason;
    }
    out->steps[k].push_back(mine);
  }
}

}  // namespace

Rollout run_rollout(const ApproachInputs& in, const std::array<bool, kNumApproaches>& active, const AnalyzeSettings& s) {
  Rollout out;
  const auto groups = group_by_budget(in.runs, s.budget_tolerance);
  if (groups.size() < 3) {
    out.reason = fmt::format("needs at least 3 budget groups (2 to fit, 1 to predict); got {}", groups.size());
    return out;
  }
  std::vector<Observation> fitted(groups[0].begin(), groups[0].end());
  fitted.insert(fitted.end(), groups[1].begin(), groups[1].end());
  bool any = false;
  for (std::size_t k = 2; k < groups.size(); ++k) {
    if (groups[k].size() >= static_cast<std::size_t>(s.min_sizes)) {  // else no IsoFLOP profile to compare with
      add_step(in, active, s, fitted, groups[k], mean_budget(groups[k - 1]), static_cast<int>(k), &out);
      any = true;
    }
    fitted.insert(fitted.end(), groups[k].begin(), groups[k].end());
  }
  if (!any) out.reason = fmt::format("no budget from the third up has analyze.min_sizes ({}) runs", s.min_sizes);
  return out;
}

}  // namespace ff
