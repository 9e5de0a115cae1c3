// The runs' training curves of a sweep folder, loaded for the envelope fit and the figures.
#pragma once

#include <vector>

#include "ff/fit/envelope.h"
#include "ff/io/results_file.h"
#include "ff/pipeline/sweep_dir.h"

namespace ff {

/// The curves (dir.run(id).curve) of the runs that have one; runs without a run_id or a curve are
/// left out.
std::vector<RunCurve> load_run_curves(const SweepDir& dir, const std::vector<Observation>& runs);

}  // namespace ff
