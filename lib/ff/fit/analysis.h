// ff-analyze: fits Hoffmann et al. 2022's three approaches to a sweep's runs (Approach 1 the
// envelope of the training curves, 2 the IsoFLOP profiles, 3 the parametric loss), with bootstrap
// intervals and a hold-out check, and predicts compute-optimal models.
#pragma once

#include <string>
#include <vector>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/envelope.h"
#include "ff/fit/frontier.h"
#include "ff/fit/holdout.h"
#include "ff/fit/isoflop.h"
#include "ff/fit/parametric_approach.h"
#include "ff/fit/rollout.h"
#include "ff/fit/uncertainty.h"
#include "ff/io/analysis_file.h"  // the Analysis record and analysis.json

namespace ff {

constexpr double kMaxExponentSumError = 0.05;  // warn when |a + b - 1| exceeds this (C = 6 N D wants a + b = 1)

/// Fits every approach that applies; one that cannot (too few runs, no curves, no IsoFLOP
/// groups) is skipped with a warning saying why. ff::Error only if none applies.
/// `curves`: the ok runs' training curves (Approach 1), empty when there are none; `source`
/// names the results CSV (in results_source and in the error).
Analysis analyze(const std::vector<Observation>& runs, const AnalyzeSettings& settings,
                 const std::vector<RunCurve>& curves = {}, const std::string& source = "results");

}  // namespace ff
