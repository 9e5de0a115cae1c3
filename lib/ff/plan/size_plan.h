// Planning an IsoFLOP sweep of a custom model (ff::find_optimal with your own factory): the same
// rule as the GPT's (isoflop_plan.h), over the counted parameters of the size parameter's values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ff/plan/plan.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// One candidate value of the size parameter and the trainable parameters of its model.
struct SizeCount {
  double value = 0;
  int64_t n_params = 0;
};

/// The largest target size of any budget's grid, parameters: candidates are counted in
/// increasing order up to the first one at or above it (larger ones cannot be nearer).
double largest_size_target(const PlanSettings& settings);

/// Per budget, for each target of size_targets() the counted candidate whose parameter count is
/// nearest in log space (duplicates merged, with a warning); N = its count, D = C / (6 N) tokens
/// (C = 6 N D, Hoffmann et al. 2022), steps = round(D / (train.batch_size x tokens_per_sample)).
/// `counts` must be increasing in value and in n_params. A budget too small for one step is an
/// ff::Error; grids reaching past the candidates are warnings.
Plan make_size_plan(const PlanSettings& settings, const std::string& size_name, const std::vector<SizeCount>& counts,
                    int64_t tokens_per_sample, std::vector<std::string>* warnings);

}  // namespace ff
