// ff-analyze's fits (see analysis.h); analysis.json is written by io/analysis_file.cpp.
#include "ff/fit/analysis.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

void fill_report(ApproachReport* r, Approach a, bool fitted, const std::string& reason, const Frontier& law) {
  r->approach = a;
  r->fitted = fitted;
  r->reason = reason;
  r->law = law;
}

// Log-spaced budgets from the smallest run's budget to the largest budget to predict or run.
std::vector<double> band_budgets(const std::vector<Observation>& runs, const std::vector<double>& predict) {
  double lo = HUGE_VAL, hi = 0;
  for (const auto& r : runs) lo = std::min(lo, r.compute_budget), hi = std::max(hi, r.compute_budget);
  for (double c : predict) hi = std::max(hi, c);
  return lo > 0 && hi >= lo ? log_grid(lo, hi) : std::vector<double>{};
}

// Bootstrap intervals and predictions of every fitted approach.
void add_uncertainty(Analysis& a, const ApproachInputs& inputs, const std::array<bool, kNumApproaches>& active,
                     const std::vector<Observation>& runs, const AnalyzeSettings& s) {
  const auto replicates = bootstrap_approaches(inputs, active, s);
  const auto band = band_budgets(runs, s.predict);
  for (ApproachReport& r : a.approaches) {
    if (!r.fitted) continue;
    const int k = static_cast<int>(r.approach);
    if (s.bootstrap > 0) {
      r.uncertainty = summarize_replicates(r.law, r.approach, replicates[k], s.bootstrap, s.level, band);
    }
    for (double c : s.predict) {
      Prediction p = predict(r.law, r.approach, c);
      if (s.bootstrap > 0) add_intervals(&p, replicates[k], s.level);
      r.predictions.push_back(p);
      a.predictions.push_back(p);
    }
  }
}

// a + b far from 1; exponents whose interval is wider than the value; many failed replicates.
void check_laws(Analysis& a) {
  for (const ApproachReport& r : a.approaches) {
    if (!r.fitted) continue;
    const char* name = approach_name(r.approach);
    const double sum = r.law.a() + r.law.b();
    if (std::fabs(sum - 1.0) > kMaxExponentSumError) {
      a.warnings.push_back(fmt::format("{}: a + b = {:.3f}, far from 1: N_opt D_opt does not scale like C", name, sum));
    }
    const Uncertainty& u = r.uncertainty;
    std::vector<std::pair<const char*, double>> exponents = {{"a", r.law.a()}, {"b", r.law.b()}};
    if (r.approach == Approach::kParametric) {
      exponents.insert(exponents.end(), {{"alpha", a.parametric.fit.alpha}, {"beta", a.parametric.fit.beta}});
    }
    for (const auto& [field, value] : exponents) {
      const Bounds b = u.interval(field);
      if (b.known() && b.hi - b.lo > std::fabs(value)) {
        a.warnings.push_back(fmt::format("{}: the {:.0f}% interval of {} [{:.3g}, {:.3g}] is wider than its value {:.3g}: "
                                         "these runs do not determine it",
                                         name, 100 * u.level, field, b.lo, b.hi, value));
      }
    }
    if (u.replicates > 0 && u.dropped() > u.replicates / 10) {
      a.warnings.push_back(fmt::format("{}: the approach failed on {} of {} bootstrap resamples (dropped); its intervals "
                                       "describe the resamples where it applies",
                                       name, u.dropped(), u.replicates));
    }
  }
}

void add_holdout(Analysis& a, const ApproachInputs& inputs, const std::array<bool, kNumApproaches>& active,
                 const AnalyzeSettings& s) {
  const Holdout h = run_holdout(inputs, active, s);
  a.holdout = h.reference;
  if (!h.reference.ok) {
    a.warnings.push_back("hold-out check skipped: " + h.reference.reason);
    return;
  }
  for (ApproachReport& r : a.approaches) {
    r.holdout = h.checks[static_cast<int>(r.approach)];
    if (r.fitted && !r.holdout.done) a.warnings.push_back(fmt::format("{}: hold-out check skipped: {}",
                                                                      approach_name(r.approach), r.holdout.reason));
  }
}

// Marks the fitted approaches in *active and warns about the others; returns why each was skipped.
std::string note_skipped(Analysis& a, std::array<bool, kNumApproaches>* active) {
  std::string reasons;
  for (const ApproachReport& r : a.approaches) {
    (*active)[static_cast<int>(r.approach)] = r.fitted;
    if (r.fitted) continue;
    a.warnings.push_back(fmt::format("{}: skipped: {}", approach_name(r.approach), r.reason));
    reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : "; ", approach_name(r.approach), r.reason);
    for (const BudgetProfile& b : a.isoflop.budgets) {
      if (r.approach != Approach::kIsoflop || b.used) continue;
      reasons += " (" + b.reason + ")";  // why the first unusable budget failed
      break;
    }
  }
  return reasons;
}

// Runs and curves in one canonical order (budget, size, tokens, id), so that the seeded bootstrap
// draws the same resamples however results.csv happens to be ordered: shards and train.jobs append
// rows in the order runs finish.
std::vector<Observation> canonical(std::vector<Observation> runs) {
  std::sort(runs.begin(), runs.end(), [](const Observation& x, const Observation& y) {
    return std::tie(x.compute_budget, x.n_params, x.tokens, x.run_id, x.final_loss) <
           std::tie(y.compute_budget, y.n_params, y.tokens, y.run_id, y.final_loss);
  });
  return runs;
}

std::vector<RunCurve> canonical(std::vector<RunCurve> curves) {
  std::sort(curves.begin(), curves.end(), [](const RunCurve& x, const RunCurve& y) {
    return std::tie(x.compute_budget, x.n_params, x.run_id) < std::tie(y.compute_budget, y.n_params, y.run_id);
  });
  return curves;
}

}  // namespace

Analysis analyze(const std::vector<Observation>& runs_as_read, const AnalyzeSettings& s,
                 const std::vector<RunCurve>& curves_as_read, const std::string& source) {
  const std::vector<Observation> runs = canonical(runs_as_read);
  const std::vector<RunCurve> curves = canonical(curves_as_read);
  Analysis a;
  a.settings = s;
  a.results_source = source;
  a.n_runs = static_cast<int>(runs.size());
  a.envelope = fit_envelope(curves);
  a.isoflop = fit_isoflop(runs, s.budget_tolerance, s.min_sizes, &a.warnings);
  a.parametric = fit_parametric_approach(runs, s);
  fill_report(&a.approaches[0], Approach::kEnvelope, a.envelope.fitted, a.envelope.reason, a.envelope.law);
  fill_report(&a.approaches[1], Approach::kIsoflop, a.isoflop.fitted, a.isoflop.reason, a.isoflop.law);
  fill_report(&a.approaches[2], Approach::kParametric, a.parametric.fitted, a.parametric.reason, a.parametric.law);
  std::array<bool, kNumApproaches> active{};
  const std::string reasons = note_skipped(a, &active);
  check(a.envelope.fitted || a.isoflop.fitted || a.parametric.fitted,
        "{}: no scaling law could be fitted to {} runs: {}", source, runs.size(), reasons);
  const ApproachInputs inputs{runs, curves, a.parametric.runs, a.parametric.refit_starts};
  add_uncertainty(a, inputs, active, runs, s);
  add_holdout(a, inputs, active, s);
  a.rollout = run_rollout(inputs, active, s);
  check_laws(a);
  return a;
}

}  // namespace ff
