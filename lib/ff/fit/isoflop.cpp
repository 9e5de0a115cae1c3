// IsoFLOP profiles, Approach 2 (see isoflop.h).
#include "ff/fit/isoflop.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

std::vector<std::vector<Observation>> group_by_budget(std::vector<Observation> runs, double tolerance) {
  std::sort(runs.begin(), runs.end(), [](const Observation& a, const Observation& b) {
    return a.compute_budget < b.compute_budget || (a.compute_budget == b.compute_budget && a.n_params < b.n_params);
  });
  std::vector<std::vector<Observation>> groups;
  for (const auto& r : runs) {
    if (groups.empty() || r.compute_budget > groups.back().front().compute_budget * (1.0 + tolerance)) {
      groups.emplace_back();
    }
    groups.back().push_back(r);
  }
  return groups;
}

BudgetProfile fit_budget_profile(const std::vector<Observation>& group, int min_sizes) {
  BudgetProfile p;
  p.runs = group;
  p.n_runs = static_cast<int>(group.size());
  std::vector<double> ln_n, ln_d, loss;
  for (const auto& r : group) {
    p.compute_budget += r.compute_budget / static_cast<double>(group.size());
    ln_n.push_back(std::log(r.n_params));
    ln_d.push_back(std::log(r.tokens));
    loss.push_back(r.final_loss);
  }
  p.n_min = std::exp(*std::min_element(ln_n.begin(), ln_n.end()));
  p.n_max = std::exp(*std::max_element(ln_n.begin(), ln_n.end()));
  const int sizes = static_cast<int>(std::set<double>(ln_n.begin(), ln_n.end()).size());
  const std::string budget = format_sci(p.compute_budget);
  if (sizes < std::max(3, min_sizes)) {
    p.reason = fmt::format("budget {}: only {} model size{} (need {}): left out of the IsoFLOP law", budget, sizes,
                           sizes == 1 ? "" : "s", std::max(3, min_sizes));
    return p;
  }
  p.parabola = fit_parabola(ln_n, loss);
  if (!(p.parabola.c2 > 0)) {
    p.reason = fmt::format("budget {}: the loss profile curves downwards (no minimum): left out of the IsoFLOP law", budget);
    return p;
  }
  const double vertex = p.parabola.vertex();
  p.n_opt = std::exp(vertex);
  p.loss_opt = p.parabola(vertex);
  const LinearFit nd = fit_line(ln_n, ln_d);
  p.d_opt = std::exp(nd.intercept + nd.slope * vertex);
  if (p.n_opt < p.n_min || p.n_opt > p.n_max) {
    p.reason = fmt::format("budget {}: the parabola's vertex N = {} lies outside the sampled sizes [{}, {}], so it is "
                           "no measured minimum: left out of the IsoFLOP law (widen or shift the size grid)",
                           budget, format_count(p.n_opt), format_count(p.n_min), format_count(p.n_max));
    return p;
  }
  p.used = true;
  return p;
}

namespace {

// "" unless the runs are scattered over budgets: most groups hold a single size and fewer than
// kMinGroupedFraction of the runs lie in groups with min_sizes sizes (then, why).
std::string grouping_problem(const std::vector<std::vector<Observation>>& groups, int min_sizes, double tolerance) {
  std::size_t total = 0, grouped = 0, single = 0;
  for (const auto& g : groups) {
    std::set<double> sizes;
    for (const auto& r : g) sizes.insert(r.n_params);
    total += g.size();
    if (static_cast<int>(sizes.size()) >= std::max(3, min_sizes)) grouped += g.size();
    if (sizes.size() == 1) ++single;
  }
  if (2 * single <= groups.size() || static_cast<double>(grouped) >= kMinGroupedFraction * static_cast<double>(total)) {
    return "";
  }
  return fmt::format("the runs do not form IsoFLOP groups: {} of {} budget groups (budgets agreeing within "
                     "analyze.budget_tolerance = {:g}) hold a single model size, and only {} of {} runs lie in groups "
                     "with {} or more sizes",
                     single, groups.size(), tolerance, grouped, total, std::max(3, min_sizes));
}

}  // namespace

IsoflopResult fit_isoflop(const std::vector<Observation>& runs, double tolerance, int min_sizes,
                          std::vector<std::string>* warnings) {
  IsoflopResult result;
  const auto groups = group_by_budget(runs, tolerance);
  result.reason = grouping_problem(groups, min_sizes, tolerance);
  if (!result.reason.empty()) return result;
  std::vector<double> c, n, d, l;
  for (const auto& group : groups) {
    BudgetProfile p = fit_budget_profile(group, min_sizes);
    if (p.used) {
      c.push_back(p.compute_budget);
      n.push_back(p.n_opt);
      d.push_back(p.d_opt);
      l.push_back(p.loss_opt);
    } else if (warnings) {
      warnings->push_back(p.reason);
    }
    result.budgets.push_back(std::move(p));
  }
  if (c.size() < 2) {
    result.reason = fmt::format("the IsoFLOP approach needs at least 2 budgets with an interior minimum; {} of {} "
                                "budget groups have one",
                                c.size(), result.budgets.size());
    return result;
  }
  result.law = fit_frontier(c, n, d, l);
  if (!result.law.loss_fitted && warnings) {
    warnings->push_back("isoflop: fewer than 3 budgets with a minimum: no loss law, predicted losses are left empty");
  }
  result.fitted = true;
  return result;
}

}  // namespace ff
