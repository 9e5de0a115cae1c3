// Hyperparameter laws (see hyperparameters.h).
#include "ff/fit/hyperparameters.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/fit/analysis.h"
#include "ff/fit/bootstrap.h"
#include "ff/fit/isoflop.h"
#include "ff/fit/least_squares.h"

namespace ff {

namespace {

double value_of(const Observation& r, Hyper which) { return which == Hyper::kLr ? r.lr : r.batch_size; }

const char* name_of(Hyper which) { return which == Hyper::kLr ? "lr" : "batch_size"; }

// The (budget, size) groups, ascending.
std::vector<std::vector<Observation>> size_groups(const std::vector<Observation>& runs, double tolerance) {
  std::vector<std::vector<Observation>> groups;
  for (const auto& budget : group_by_budget(runs, tolerance)) {  // sorted by (budget, size)
    for (const auto& r : budget) {
      if (groups.empty() || groups.back().front().n_params != r.n_params ||
          groups.back().front().compute_budget != budget.front().compute_budget) {
        groups.emplace_back();
      }
      groups.back().push_back(r);
    }
  }
  return groups;
}

std::string group_label(const HyperGroup& g) {
  return fmt::format("budget {}, N = {}", format_sci(g.compute_budget), format_count(g.n_params));
}

}  // namespace

bool is_hyperparameter_sweep(const std::vector<Observation>& runs, double tolerance) {
  for (const auto& group : size_groups(runs, tolerance)) {
    std::set<double> lrs, batches;
    for (const auto& r : group) {
      if (r.lr > 0) lrs.insert(r.lr);  // 0: unknown
      if (r.batch_size > 0) batches.insert(r.batch_size);
    }
    if (lrs.size() > 1 || batches.size() > 1) return true;
  }
  return false;
}

HyperGroup fit_hyper_group(const std::vector<Observation>& group, Hyper which) {
  HyperGroup g;
  g.n_runs = static_cast<int>(group.size());
  g.optimum = g.loss_opt = std::nan("");
  std::map<double, double> lowest;  // value -> lowest loss
  for (const auto& r : group) {
    g.compute_budget += r.compute_budget / static_cast<double>(group.size());
    g.n_params = r.n_params;
    const double v = value_of(r, which);
    if (!(v > 0)) continue;  // unknown
    auto [it, fresh] = lowest.emplace(v, r.final_loss);
    if (!fresh) it->second = std::min(it->second, r.final_loss);
  }
  for (const auto& [v, loss] : lowest) g.profile.push_back({v, loss});
  const int n = static_cast<int>(g.profile.size());
  if (n < 3) {
    g.reason = fmt::format("{}: {} value{} of {} (need 3)", group_label(g), n, n == 1 ? "" : "s", name_of(which));
    return g;
  }
  const auto best = std::min_element(g.profile.begin(), g.profile.end(),
                                     [](const HyperSample& a, const HyperSample& b) { return a.loss < b.loss; });
  const int i = static_cast<int>(best - g.profile.begin());
  if (i == 0 || i == n - 1) {
    g.reason = fmt::format("{}: the lowest loss is at the {} end of the {} grid ({:.4g}): no interior optimum (widen the "
                           "grid)", group_label(g), i == 0 ? "lower" : "upper", name_of(which), best->value);
    return g;
  }
  std::vector<double> x, y;
  for (int k = std::max(0, i - kHyperNeighbours); k <= std::min(n - 1, i + kHyperNeighbours); ++k) {
    x.push_back(std::log(g.profile[k].value));
    y.push_back(g.profile[k].loss);
  }
  g.fit_min = std::exp(x.front()), g.fit_max = std::exp(x.back());
  g.parabola = fit_parabola(x, y);
  if (!(g.parabola.c2 > 0)) {
    g.reason = fmt::format("{}: the loss profile in ln {} curves downwards (no minimum)", group_label(g), name_of(which));
    return g;
  }
  const double vertex = g.parabola.vertex();
  if (vertex < x.front() || vertex > x.back()) {
    g.reason = fmt::format("{}: the parabola's vertex {} = {:.4g} lies outside the fitted points [{:.4g}, {:.4g}]",
                           group_label(g), name_of(which), std::exp(vertex), g.fit_min, g.fit_max);
    return g;
  }
  g.optimum = std::exp(vertex);
  g.loss_opt = g.parabola(vertex);
  g.used = true;
  return g;
}

namespace {

// The laws through the optima of `groups` picked by `indices`; fitted false when they span a
// single budget.
HyperLaw law_through(const std::vector<const HyperGroup*>& groups, const std::vector<std::size_t>& indices) {
  HyperLaw law;
  std::vector<double> c, n, v;
  for (std::size_t k : indices) {
    c.push_back(groups[k]->compute_budget);
    n.push_back(groups[k]->n_params);
    v.push_back(groups[k]->optimum);
  }
  if (std::set<double>(c.begin(), c.end()).size() < 2) return law;
  law.fitted = true;
  law.vs_compute = fit_power_law(c, v);
  if (std::set<double>(n.begin(), n.end()).size() >= 2) {
    law.params_fitted = true;
    law.vs_params = fit_power_law(n, v);
  }
  return law;
}

Bounds percentile_bounds(const std::vector<double>& values, double level) {
  std::vector<double> finite;
  for (double v : values) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  if (finite.size() < 2) return {};
  const Interval i = percentile_interval(finite, level);
  return {i.lo, i.hi};
}

// Bootstrap over the used groups: each replicate refits the laws to a resample of them. Two
// groups give no interval (every resample that spans 2 budgets is the same pair).
void add_intervals(HyperLaw& law, const std::vector<const HyperGroup*>& used, const AnalyzeSettings& s,
                   std::vector<std::string>* warnings, const char* name) {
  law.replicates = s.bootstrap;
  law.level = s.level;
  if (s.bootstrap <= 0) return;
  if (used.size() < kHyperMinGroupsForIntervals) {
    law.replicates = 0;
    if (warnings) warnings->push_back(fmt::format("{} law: through {} optima only: no bootstrap interval (needs {})",
                                                  name, used.size(), kHyperMinGroupsForIntervals));
    return;
  }
  const std::size_t m = static_cast<std::size_t>(s.bootstrap);
  std::vector<double> k(m, NAN), x(m, NAN), xn(m, NAN);
  bootstrap_each(used.size(), s.bootstrap, s.seed, s.threads, [&](int r, const std::vector<std::size_t>& indices) {
    const HyperLaw refit = law_through(used, indices);
    if (!refit.fitted) return;
    k[r] = refit.vs_compute.coefficient;
    x[r] = refit.vs_compute.exponent;
    if (refit.params_fitted) xn[r] = refit.vs_params.exponent;
  });
  law.succeeded = static_cast<int>(std::count_if(x.begin(), x.end(), [](double v) { return std::isfinite(v); }));
  law.coefficient_interval = percentile_bounds(k, s.level);
  law.exponent_interval = percentile_bounds(x, s.level);
  if (law.params_fitted) law.params_exponent_interval = percentile_bounds(xn, s.level);
}

HyperLaw fit_law(const std::vector<std::vector<Observation>>& groups, Hyper which, const AnalyzeSettings& s,
                 std::vector<std::string>* warnings) {
  std::vector<HyperGroup> fitted;
  bool swept = false;  // some group holds more than one value
  for (const auto& group : groups) {
    fitted.push_back(fit_hyper_group(group, which));
    swept = swept || fitted.back().profile.size() > 1;
  }
  std::vector<const HyperGroup*> used;
  for (const auto& g : fitted) {
    if (g.used) used.push_back(&g);
    else if (swept && warnings) warnings->push_back(std::string(name_of(which)) + " law: left out: " + g.reason);
  }
  std::vector<std::size_t> all(used.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  HyperLaw law = law_through(used, all);
  if (!swept) {
    law.reason = fmt::format("one {} per (budget, size) group: not swept", name_of(which));
  } else if (!law.fitted) {
    law.reason = fmt::format("needs interior optima at 2 or more budgets; {} of {} groups have one", used.size(),
                             fitted.size());
    if (warnings) warnings->push_back(std::string(name_of(which)) + " law: not fitted: " + law.reason);
  }
  if (law.fitted) add_intervals(law, used, s, warnings, name_of(which));
  law.groups = std::move(fitted);
  return law;
}

}  // namespace

HyperparameterLaws fit_hyperparameters(const std::vector<Observation>& runs, const AnalyzeSettings& s,
                                       std::vector<std::string>* warnings) {
  const auto groups = size_groups(runs, s.budget_tolerance);
  HyperparameterLaws laws;
  laws.present = true;
  laws.lr = fit_law(groups, Hyper::kLr, s, warnings);
  laws.batch_size = fit_law(groups, Hyper::kBatchSize, s, warnings);
  return laws;
}

std::vector<Observation> best_per_size(const std::vector<Observation>& runs, double tolerance) {
  std::vector<Observation> best;
  for (const auto& group : size_groups(runs, tolerance)) {
    best.push_back(*std::min_element(group.begin(), group.end(), [](const Observation& a, const Observation& b) {
      return a.final_loss < b.final_loss;
    }));
  }
  return best;
}

namespace {

// An analysis whose scaling-law approaches were all skipped (`error`: analyze()'s message).
Analysis without_scaling_laws(const AnalyzeSettings& s, const std::string& source, const std::string& error) {
  const std::string why = "the best run of each (budget, size) group gives no scaling law (see the warnings)";
  Analysis a;
  a.settings = s;
  a.results_source = source;
  for (Approach k : kAllApproaches) {
    ApproachReport& r = a.approaches[static_cast<int>(k)];
    r.approach = k;
    r.reason = why;
  }
  a.envelope.reason = a.isoflop.reason = a.parametric.reason = a.holdout.reason = why;
  a.warnings.push_back("scaling laws: skipped: " + error);
  return a;
}

}  // namespace

Analysis analyze_runs(const std::vector<Observation>& runs, const AnalyzeSettings& s,
                      const std::vector<RunCurve>& curves, const std::string& source) {
  if (!is_hyperparameter_sweep(runs, s.budget_tolerance)) return analyze(runs, s, curves, source);
  std::vector<std::string> warnings;
  HyperparameterLaws laws = fit_hyperparameters(runs, s, &warnings);
  const std::vector<Observation> best = best_per_size(runs, s.budget_tolerance);
  std::set<std::string> best_ids;
  for (const auto& r : best) best_ids.insert(r.run_id);
  std::vector<RunCurve> best_curves;
  for (const auto& c : curves) {
    if (best_ids.count(c.run_id)) best_curves.push_back(c);
  }
  Analysis a;
  try {
    a = analyze(best, s, best_curves, source);
  } catch (const Error& e) {
    if (!laws.lr.fitted && !laws.batch_size.fitted) {
      fail("{} (and no hyperparameter law: lr: {}; batch_size: {})", e.what(), laws.lr.reason, laws.batch_size.reason);
    }
    a = without_scaling_laws(s, source, e.what());
  }
  a.n_runs = static_cast<int>(runs.size());
  a.hyperparameters = std::move(laws);
  a.warnings.insert(a.warnings.begin(), warnings.begin(), warnings.end());
  return a;
}

namespace {

// The warnings for one law: few optima, budgets far outside those it was fitted on.
void law_warnings(const HyperLaw& law, const std::string& name, const std::vector<double>& budgets,
                  const std::string& source, std::vector<std::string>* out) {
  if (!law.fitted) return;
  double lo = 0, hi = 0;
  int n = 0;
  for (const auto& g : law.groups) {
    if (!g.used) continue;
    lo = n == 0 ? g.compute_budget : std::min(lo, g.compute_budget);
    hi = n == 0 ? g.compute_budget : std::max(hi, g.compute_budget);
    ++n;
  }
  if (n < static_cast<int>(kHyperMinGroupsForIntervals)) {
    out->push_back(fmt::format("{}: the {} law is fitted through {} optim{} only: no interval on its exponent",
                               source, name, n, n == 1 ? "um" : "a"));
  }
  if (n == 0) return;
  for (double c : budgets) {
    const double beyond = std::max(c / hi, lo / c);
    if (beyond > kHyperExtrapolationWarn) {
      out->push_back(fmt::format("budget {}: the {} law of {} ({:.4g} there) is extrapolated {:.1f}x beyond the "
                                 "budgets {}-{} it was fitted on", format_sci(c), name, source, law.at(c), beyond,
                                 format_sci(lo), format_sci(hi)));
    }
  }
}

}  // namespace

std::vector<std::string> extrapolation_warnings(const HyperparameterLaws& laws, const std::vector<double>& budgets,
                                                const std::string& source) {
  std::vector<std::string> out;
  law_warnings(laws.lr, "lr", budgets, source, &out);
  law_warnings(laws.batch_size, "batch_size", budgets, source, &out);
  return out;
}

}  // namespace ff
