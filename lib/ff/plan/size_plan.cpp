// Planning a custom model's IsoFLOP sweep (see size_plan.h).
#include "ff/plan/size_plan.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/plan/isoflop_plan.h"

namespace ff {

double largest_size_target(const PlanSettings& s) {
  double largest = 0.0;
  for (double c : s.budgets) {
    for (double n : size_targets(c, s)) largest = std::max(largest, n);
  }
  return largest;
}

namespace {

// The candidate whose count is nearest to `target` in log space (the first on ties).
const SizeCount& nearest(const std::vector<SizeCount>& counts, double target) {
  const SizeCount* best = &counts.front();
  for (const auto& c : counts) {
    const double gap = std::fabs(std::log(static_cast<double>(c.n_params) / target));
    if (gap < std::fabs(std::log(static_cast<double>(best->n_params) / target))) best = &c;
  }
  return *best;
}

std::string size_text(const std::string& name, const SizeCount& c) {
  return fmt::format("{}={:g} ({} parameters)", name, c.value, format_count(static_cast<double>(c.n_params)));
}

// The distinct candidates nearest to budget c's targets, increasing; warns about merges and
// about grids that reach past the smallest or largest candidate.
std::vector<SizeCount> budget_sizes(double c, const PlanSettings& s, const std::string& name,
                                    const std::vector<SizeCount>& counts, std::vector<std::string>* warnings) {
  const auto targets = size_targets(c, s);
  check(!targets.empty(), "sizes.min_params ({:g}) / sizes.max_params ({:g}): the size range for budget {} is empty",
        s.min_params, s.max_params, format_sci(c));
  std::vector<SizeCount> sizes;
  for (double n : targets) sizes.push_back(nearest(counts, n));
  const size_t requested = sizes.size();
  sizes.erase(std::unique(sizes.begin(), sizes.end(),
                          [](const SizeCount& a, const SizeCount& b) { return a.value == b.value; }),
              sizes.end());
  if (!warnings) return sizes;
  if (sizes.size() < requested) {
    warnings->push_back(fmt::format("budget {}: {} of {} sizes map to the same {} value; {} distinct sizes",
                                    format_sci(c), requested - sizes.size(), requested, name, sizes.size()));
  }
  if (targets.back() > 1.5 * static_cast<double>(counts.back().n_params)) {
    warnings->push_back(fmt::format("budget {}: its grid reaches {} parameters but the largest size is {} (hint: "
                                    "add larger {} values)", format_sci(c), format_count(targets.back()),
                                    size_text(name, counts.back()), name));
  }
  if (targets.front() < static_cast<double>(counts.front().n_params) / 1.5) {
    warnings->push_back(fmt::format("budget {}: its grid starts at {} parameters but the smallest size is {} (hint: "
                                    "add smaller {} values)", format_sci(c), format_count(targets.front()),
                                    size_text(name, counts.front()), name));
  }
  return sizes;
}

PlannedRun plan_size_run(double c, const SizeCount& size, const std::string& name, int64_t tokens_per_sample,
                         const PlanSettings& s) {
  PlannedRun r;
  r.compute_budget = c;
  r.size_name = name;
  r.size_value = size.value;
  r.tokens_per_sample = tokens_per_sample;
  r.n_params = size.n_params;
  r.n_params_non_embedding = size.n_params;
  r.flops_per_token = 6.0 * static_cast<double>(size.n_params);  // C = 6 N D
  r.batch_size = s.batch_size;
  r.lr = s.lr;
  const double tokens_per_step = static_cast<double>(s.batch_size * tokens_per_sample);
  const double steps = c / r.flops_per_token / tokens_per_step;
  check(steps >= 0.5,
        "compute budget {} is too small for one batch of {}: one step of train.batch_size {} x {} tokens per sample "
        "needs {} FLOPs", format_sci(c), size_text(name, size), s.batch_size, tokens_per_sample,
        format_sci(tokens_per_step * r.flops_per_token));
  r.steps = std::max<int64_t>(1, std::llround(steps));
  r.tokens = r.steps * s.batch_size * tokens_per_sample;
  r.flops = static_cast<double>(r.tokens) * r.flops_per_token;
  return r;
}

}  // namespace

Plan make_size_plan(const PlanSettings& s, const std::string& name, const std::vector<SizeCount>& counts,
                    int64_t tokens_per_sample, std::vector<std::string>* warnings) {
  check(!counts.empty(), "size parameter {}: no values to plan with", name);
  check(tokens_per_sample >= 1, "data source: tokens_per_sample ({}) must be at least 1", tokens_per_sample);
  Plan plan;
  plan.convention = FlopsConvention::k6ND;
  plan.budgets = s.budgets;
  for (double c : s.budgets) {
    for (const SizeCount& size : budget_sizes(c, s, name, counts, warnings)) {
      PlannedRun r = plan_size_run(c, size, name, tokens_per_sample, s);
      r.run_id = make_run_id(r, plan.convention);
      plan.runs.push_back(r);
    }
  }
  return plan;
}

}  // namespace ff
