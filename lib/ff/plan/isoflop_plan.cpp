// Building an IsoFLOP sweep (see isoflop_plan.h).
#include "ff/plan/isoflop_plan.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/plan/architecture.h"

namespace ff {

SizeWindow size_window(double c, const PlanSettings& s) {
  const auto at = std::find(s.budgets.begin(), s.budgets.end(), c);
  if (!s.windows.empty() && at != s.budgets.end()) return s.windows.at(static_cast<size_t>(at - s.budgets.begin()));
  return {std::sqrt(c / (6.0 * s.tokens_per_param)), s.sizes_span};
}

std::vector<double> size_targets(double c, const PlanSettings& s) {
  const SizeWindow window = size_window(c, s);
  std::vector<double> targets;
  for (int64_t i = 0; i < s.sizes_num; ++i) {
    const double t = static_cast<double>(i) / static_cast<double>(s.sizes_num - 1) - 0.5;
    const double n = window.centre * std::pow(window.span, t);
    if (s.min_params > 0 && n < s.min_params) continue;
    if (s.max_params > 0 && n > s.max_params) continue;
    targets.push_back(n);
  }
  return targets;
}

namespace {

std::vector<GptArch> budget_archs(double c, const PlanSettings& s, std::vector<std::string>* warnings) {
  std::vector<GptArch> archs;
  if (!s.widths.empty()) {
    for (int64_t w : s.widths) archs.push_back(arch_for_width(w, s.model));
  } else {
    const auto targets = size_targets(c, s);
    const SizeWindow w = size_window(c, s);
    check(!targets.empty(),
          "sizes.min_params ({:g}) / sizes.max_params ({:g}): the size range for budget {} is empty (its grid "
          "spans {} to {} parameters)",
          s.min_params, s.max_params, format_sci(c), format_count(w.centre / std::sqrt(w.span)),
          format_count(w.centre * std::sqrt(w.span)));
    for (double n : targets) archs.push_back(arch_for_params(n, s.model));
  }
  const size_t requested = archs.size();
  std::sort(archs.begin(), archs.end(), [](const GptArch& a, const GptArch& b) { return a.d_model < b.d_model; });
  archs.erase(std::unique(archs.begin(), archs.end(),
                          [](const GptArch& a, const GptArch& b) { return a.d_model == b.d_model; }),
              archs.end());
  if (archs.size() < requested && warnings) {
    warnings->push_back(fmt::format("budget {}: {} of {} sizes map to the same architecture; {} distinct sizes",
                                    format_sci(c), requested - archs.size(), requested, archs.size()));
  }
  return archs;
}

PlannedRun plan_run(double c, const GptArch& arch, const PlanSettings& s) {
  PlannedRun r;
  r.compute_budget = c;
  r.arch = arch;
  r.n_params = n_params(arch);
  r.n_params_non_embedding = n_params_non_embedding(arch);
  r.flops_per_token = flops_per_token(arch, s.convention);
  r.batch_size = s.batch_size;
  r.lr = s.lr;
  const double tokens_per_step = static_cast<double>(s.batch_size * arch.seq_len);
  const double steps = c / r.flops_per_token / tokens_per_step;
  check(steps >= 0.5,
        "compute budget {} is too small for one batch of the {}-parameter model (d_model {}): one step of "
        "train.batch_size {} x model.seq_len {} needs {} FLOPs",
        format_sci(c), format_count(static_cast<double>(r.n_params)), arch.d_model, s.batch_size, arch.seq_len,
        format_sci(tokens_per_step * r.flops_per_token));
  r.steps = std::max<int64_t>(1, std::llround(steps));
  r.tokens = r.steps * s.batch_size * arch.seq_len;
  r.flops = static_cast<double>(r.tokens) * r.flops_per_token;
  return r;
}

}  // namespace

Plan make_plan(const PlanSettings& s, std::vector<std::string>* warnings) {
  Plan plan;
  plan.convention = s.convention;
  plan.budgets = s.budgets;
  for (double c : s.budgets) {
    for (const GptArch& arch : budget_archs(c, s, warnings)) {
      PlannedRun r = plan_run(c, arch, s);
      r.run_id = make_run_id(r, s.convention);
      plan.runs.push_back(r);
    }
  }
  return plan;
}

}  // namespace ff
