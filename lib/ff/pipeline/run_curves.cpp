// Loading the runs' training curves (see run_curves.h).
#include "ff/pipeline/run_curves.h"

#include <filesystem>

#include "ff/io/curve_file.h"

namespace ff {

namespace fs = std::filesystem;

std::vector<RunCurve> load_run_curves(const SweepDir& dir, const std::vector<Observation>& runs) {
  std::vector<RunCurve> curves;
  for (const auto& r : runs) {
    if (r.run_id.empty()) continue;
    const fs::path file = dir.run(r.run_id).curve;
    if (!fs::is_regular_file(file)) continue;
    RunCurve c{r.run_id, r.compute_budget, r.n_params, {}};
    for (const CurvePoint& p : read_curve(file)) {
      c.samples.push_back({p.flops, static_cast<double>(p.tokens), p.eval_loss});
    }
    curves.push_back(std::move(c));
  }
  return curves;
}

}  // namespace ff
