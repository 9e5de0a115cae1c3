// Does the law predict? Hold out the largest IsoFLOP budget, refit every approach on the other
// runs, and compare its prediction at that budget with what the held-out runs measured:
//   N_opt, D_opt  against the vertex of the held-out budget's own IsoFLOP parabola (Approach 2's
//                 per-budget estimate; D at the vertex interpolated in (ln N, ln D) from its runs);
//   loss          against the lowest final loss measured among the held-out runs.
// The relative error is predicted / reference - 1.
#pragma once

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

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

// The steps of a hold-out, shared with the rolling hold-out (fit/rollout.h).

/// The held-out group's own measurements: its parabola's vertex and its lowest loss; not ok when
/// the group has no IsoFLOP minimum (reason: "has no IsoFLOP minimum ...: <why, naming the budget>").
/// n_runs: all runs.
HoldoutReference holdout_reference(const std::vector<Observation>& held_out, int min_sizes, std::size_t n_runs);

/// `approach` refitted on `rest` (Approach 1 on the curves of inputs.curves not in held_ids);
/// nullopt with *why when it does not apply there.
std::optional<Frontier> refit_without(Approach approach, const ApproachInputs& inputs,
                                      const std::vector<Observation>& rest, const std::set<std::string>& held_ids,
                                      const AnalyzeSettings& settings, std::string* why);

/// law's prediction at ref.compute_budget against ref; not done (with why) when there is no law.
HoldoutCheck compare_with_reference(const std::optional<Frontier>& law, Approach approach,
                                    const HoldoutReference& ref, const std::string& why);

}  // namespace ff
