// Does the law predict? Hold out the largest IsoFLOP budget, refit every approach on the other
// runs, and compare its prediction at that budget with what the held-out runs measured:
//   N_opt, D_opt  against the vertex of the held-out budget's own IsoFLOP parabola (Approach 2's
//                 per-budget estimate; D at the vertex interpolated in (ln N, ln D) from its runs);
//   loss          against the lowest final loss measured among the held-out runs.
// The relative error is predicted / reference - 1.
#pragma once

#include <array>
#include <string>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/frontier.h"
#include "ff/fit/uncertainty.h"
#include "ff/io/analysis_file.h"  // HoldoutReference, HoldoutCheck

namespace ff {

struct Holdout {
  HoldoutReference reference;
  std::array<HoldoutCheck, kNumApproaches> checks;  // indexed by Approach
};

/// Holds out the runs of the largest budget group (group_by_budget), refits the approaches marked
/// in `active` on the rest (Approach 3 from inputs.parametric_starts, after dropping the
/// settings.drop_highest_losses highest losses of the rest), and compares.
Holdout run_holdout(const ApproachInputs& inputs, const std::array<bool, kNumApproaches>& active,
                    const AnalyzeSettings& settings);

}  // namespace ff
