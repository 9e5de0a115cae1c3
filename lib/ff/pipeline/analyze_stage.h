// The analyze stage (ff-analyze, ff::find_optimal): read the results and the runs' curves, fit,
// write analysis.json and the reports.
#pragma once

#include <vector>

#include "ff/io/analysis_record.h"
#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"

namespace ff {

/// What ff-analyze is asked besides the configuration.
struct AnalyzeRequest {
  std::vector<double> predict;  // budgets to predict, FLOPs; empty = analyze.predict
};

/// Reads dir.results() (any CSV with compute_budget, n_params, tokens, final_loss) and the runs'
/// curves, fits every approach (analyze.* settings), logs the warnings, writes dir.analysis() and
/// the reports beside it, and, in a sweep ff-plan made, dir.recommended(C) for each budget the
/// preferred approach predicts (plan/recommend.h); returns the analysis.
Analysis run_analyze_stage(const SweepDir& dir, const Config& config, const AnalyzeRequest& request = {});

}  // namespace ff
