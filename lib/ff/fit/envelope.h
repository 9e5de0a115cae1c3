// Chinchilla's Approach 1 (Hoffmann et al. 2022, sec. 3.1): fix the model size, vary the training
// tokens. At each of a log-spaced grid of FLOPs values, the run whose training curve (interpolated
// in log FLOPs) has the lowest loss there is the compute-optimal model for that budget; power laws
// N_opt = k C^a and D_opt = k' C^b go through those minima (D = the run's tokens so far).
#pragma once

#include <string>
#include <vector>

#include "ff/fit/frontier.h"
#include "ff/io/analysis_file.h"  // EnvelopePoint, EnvelopeResult

namespace ff {

/// One evaluation of a run's training curve.
struct CurveSample {
  double flops = 0;   // training compute so far, FLOPs
  double tokens = 0;  // tokens trained on so far
  double loss = 0;    // held-out loss, nats/token
};

/// One run's training curve (from runs/<run_id>/curve.csv).
struct RunCurve {
  std::string run_id;
  double compute_budget = 0;         // the run's IsoFLOP budget, FLOPs
  double n_params = 0;               // parameters
  std::vector<CurveSample> samples;  // ascending flops
};

constexpr int kEnvelopeGridPoints = 100;  // log-spaced FLOPs values (Hoffmann et al. use 1500)

/// The curves are not smoothed (Hoffmann et al. smooth noisy training losses; curve.csv holds
/// held-out losses, and a local linear smoother biased the mock's exponent by -0.02).
/// The envelope of the curves over [the smallest, the largest] final FLOPs of the
/// curves, `grid_points` log-spaced values, and its power laws. Not fitted (with a reason) when there are no curves or
/// fewer than 3 interior minima.
EnvelopeResult fit_envelope(const std::vector<RunCurve>& curves, int grid_points = kEnvelopeGridPoints);

/// The curve's loss and tokens at `flops`, interpolated linearly in log FLOPs (log tokens);
/// false when `flops` lies outside the curve.
bool curve_at(const RunCurve& curve, double flops, CurveSample* out);

}  // namespace ff
