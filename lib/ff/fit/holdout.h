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

namespace ff {

/// The yardstick: the held-out budget's own measurements.
struct HoldoutReference {
  bool ok = false;             // false: no check (see reason)
  std::string reason;
  double compute_budget = 0;   // the held-out group's budget, FLOPs
  int n_held_out = 0;          // runs held out
  int n_fitted = 0;            // runs the approaches were refitted on
  double n_opt = 0;            // vertex of its parabola, parameters
  double d_opt = 0;            // tokens at the vertex
  double loss = 0;             // lowest measured final loss, nats/token
  std::string loss_run_id;     // the run that measured it
};

/// One approach's prediction for the held-out budget.
struct HoldoutCheck {
  bool done = false;           // false: the approach could not be refitted without it (see reason)
  std::string reason;
  Prediction predicted;        // at reference.compute_budget
  double n_error = NAN;        // predicted N_opt / reference N_opt - 1
  double d_error = NAN;        // predicted D_opt / reference D_opt - 1
  double loss_error = NAN;     // predicted loss / lowest measured loss - 1 (NaN without a loss law)
};

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
