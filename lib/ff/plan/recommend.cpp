// The runnable recommendation (see recommend.h).
#include "ff/plan/recommend.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/plan/architecture.h"
#include "ff/plan/isoflop_plan.h"

namespace ff {

namespace {

struct Shape {
  int64_t d_model = 0, n_layers = 0;
  double log_gap = HUGE_VAL;     // |ln N - ln N_opt|
  double aspect_gap = HUGE_VAL;  // |ln(d / L) - ln(aspect_ratio)|
};

Shape nearest_shape(double n_opt, const ModelShape& m) {
  Shape best;
  for (int64_t d = m.head_size; d <= m.max_d_model; d += m.head_size) {
    const double ideal = static_cast<double>(d) / m.aspect_ratio;
    const auto lo = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(ideal / kRecommendAspectTolerance)));
    const auto hi = std::max<int64_t>(lo, static_cast<int64_t>(std::floor(ideal * kRecommendAspectTolerance)));
    for (int64_t layers = lo; layers <= hi; ++layers) {
      ModelShape shape = m;
      shape.aspect_ratio = static_cast<double>(d) / static_cast<double>(layers);
      const GptArch arch = arch_for_width(d, shape);
      const Shape s{d, layers, std::fabs(std::log(static_cast<double>(n_params(arch)) / n_opt)),
                    std::fabs(std::log(shape.aspect_ratio / m.aspect_ratio))};
      if (s.log_gap < best.log_gap - 1e-12 || (s.log_gap < best.log_gap + 1e-12 && s.aspect_gap < best.aspect_gap)) best = s;
    }
  }
  return best;
}

}  // namespace

Recommendation recommend_run(const Prediction& prediction, const PlanSettings& sweep) {
  check(prediction.n_params > 0 && std::isfinite(prediction.n_params),
        "recommendation at {:g} FLOPs: N_opt = {} (must be positive)", prediction.compute_budget, prediction.n_params);
  const Shape shape = nearest_shape(prediction.n_params, sweep.model);
  check(shape.d_model > 0, "recommendation: model.head_size ({}) exceeds model.max_d_model ({})", sweep.model.head_size,
        sweep.model.max_d_model);
  PlanSettings s = sweep;
  s.budgets = {prediction.compute_budget};
  s.widths = {shape.d_model};
  s.windows.clear();
  s.model.aspect_ratio = static_cast<double>(shape.d_model) / static_cast<double>(shape.n_layers);
  const Plan plan = make_plan(s, nullptr);
  check(plan.runs.size() == 1, "recommendation: the plan holds {} runs (expected 1)", plan.runs.size());
  Recommendation r;
  r.prediction = prediction;
  r.aspect_ratio = s.model.aspect_ratio;
  r.run = plan.runs.front();
  r.n_error = static_cast<double>(r.run.n_params) / prediction.n_params - 1;
  return r;
}

}  // namespace ff
