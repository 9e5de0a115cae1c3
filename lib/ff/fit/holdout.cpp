// The hold-out check (see holdout.h).
#include "ff/fit/holdout.h"

#include <set>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/fit/isoflop.h"

namespace ff {

HoldoutReference holdout_reference(const std::vector<Observation>& held_out, int min_sizes, std::size_t n_runs) {
  HoldoutReference ref;
  const BudgetProfile profile = fit_budget_profile(held_out, min_sizes);
  ref.compute_budget = profile.compute_budget;
  ref.n_held_out = static_cast<int>(held_out.size());
  ref.n_fitted = static_cast<int>(n_runs - held_out.size());
  if (!profile.used) {
    ref.reason = "has no IsoFLOP minimum to compare with: " + profile.reason;  // profile.reason names the budget
    return ref;
  }
  ref.n_opt = profile.n_opt;
  ref.d_opt = profile.d_opt;
  ref.loss = HUGE_VAL;
  for (const auto& r : held_out) {
    if (r.final_loss < ref.loss) ref.loss = r.final_loss, ref.loss_run_id = r.run_id;
  }
  ref.ok = true;
  return ref;
}

std::optional<Frontier> refit_without(Approach approach, const ApproachInputs& in, const std::vector<Observation>& rest,
                                      const std::set<std::string>& held_ids, const AnalyzeSettings& s, std::string* why) {
  if (approach == Approach::kIsoflop) {
    const IsoflopResult r = fit_isoflop(rest, s.budget_tolerance, s.min_sizes, nullptr);
    *why = r.reason;
    return r.fitted ? std::optional<Frontier>(r.law) : std::nullopt;
  }
  if (approach == Approach::kEnvelope) {
    std::vector<RunCurve> curves;
    for (const auto& c : in.curves) {
      if (!held_ids.count(c.run_id)) curves.push_back(c);
    }
    const EnvelopeResult r = fit_envelope(curves);
    *why = r.reason;
    return r.fitted ? std::optional<Frontier>(r.law) : std::nullopt;
  }
  const auto fit = refit_parametric(parametric_points(drop_highest_losses(rest, s.drop_highest_losses)),
                                    in.parametric_starts, s.huber_delta, s.parametric_method);
  *why = "the parametric fit needs at least 5 runs that converge";
  return fit ? std::optional<Frontier>(parametric_frontier(*fit)) : std::nullopt;
}

HoldoutCheck compare_with_reference(const std::optional<Frontier>& law, Approach approach,
                                    const HoldoutReference& ref, const std::string& why) {
  HoldoutCheck check;
  if (!law) {
    check.reason = fmt::format("without the runs of budget {}: {}", format_sci(ref.compute_budget), why);
    return check;
  }
  check.predicted = predict(*law, approach, ref.compute_budget);
  check.n_error = check.predicted.n_params / ref.n_opt - 1;
  check.d_error = check.predicted.tokens / ref.d_opt - 1;
  check.loss_error = check.predicted.loss / ref.loss - 1;  // NaN stays NaN
  check.done = true;
  return check;
}

Holdout run_holdout(const ApproachInputs& in, const std::array<bool, kNumApproaches>& active,
                    const AnalyzeSettings& s) {
  Holdout h;
  const auto groups = group_by_budget(in.runs, s.budget_tolerance);
  if (groups.size() < 3) {
    h.reference.reason = fmt::format("needs at least 3 budget groups (2 to fit, 1 to hold out); got {}", groups.size());
    return h;
  }
  const std::vector<Observation>& held_out = groups.back();
  h.reference = holdout_reference(held_out, s.min_sizes, in.runs.size());
  if (!h.reference.ok) {
    h.reference.reason = "the largest budget " + h.reference.reason;
    return h;
  }
  std::set<std::string> held_ids;
  for (const auto& r : held_out) held_ids.insert(r.run_id);
  std::vector<Observation> rest;
  for (std::size_t g = 0; g + 1 < groups.size(); ++g) rest.insert(rest.end(), groups[g].begin(), groups[g].end());
  for (Approach a : kAllApproaches) {
    const int k = static_cast<int>(a);
    if (!active[k]) {
      h.checks[k].reason = "the approach does not apply to these runs";
      continue;
    }
    std::string why;
    const auto law = refit_without(a, in, rest, held_ids, s, &why);
    h.checks[k] = compare_with_reference(law, a, h.reference, why);
  }
  return h;
}

}  // namespace ff
