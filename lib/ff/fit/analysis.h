// ff-analyze: fits Hoffmann et al. 2022's three approaches to a sweep's runs (Approach 1 the
// envelope of the training curves, 2 the IsoFLOP profiles, 3 the parametric loss), with bootstrap
// intervals and a hold-out check, and predicts compute-optimal models.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/fit/analyze_settings.h"
#include "ff/fit/envelope.h"
#include "ff/fit/frontier.h"
#include "ff/fit/holdout.h"
#include "ff/fit/isoflop.h"
#include "ff/fit/parametric_approach.h"
#include "ff/fit/uncertainty.h"

namespace ff {

constexpr int kAnalysisSchemaVersion = 1;
constexpr double kMaxExponentSumError = 0.05;  // warn when |a + b - 1| exceeds this (C = 6 N D wants a + b = 1)

/// What every approach reports, whatever its kind.
struct ApproachReport {
  Approach approach = Approach::kIsoflop;
  bool fitted = false;      // false: skipped (see reason)
  std::string reason;
  Frontier law;             // N_opt = k C^a, D_opt = k' C^b, L_opt = E + k'' C^-gamma
  Uncertainty uncertainty;  // bootstrap intervals (none when analyze.bootstrap is 0)
  HoldoutCheck holdout;     // its prediction for the held-out largest budget
  std::vector<Prediction> predictions;  // at analyze.predict, with intervals
};

struct Analysis {
  AnalyzeSettings settings;     // what it was fitted with
  std::string results_source;   // the CSV analysed
  int n_runs = 0;               // ok runs read
  EnvelopeResult envelope;      // Approach 1 in detail
  IsoflopResult isoflop;        // Approach 2 in detail
  ParametricResult parametric;  // Approach 3 in detail
  std::array<ApproachReport, kNumApproaches> approaches;  // indexed by Approach
  HoldoutReference holdout;     // what the hold-out check compares with
  /// Every fitted approach's predictions, grouped by approach in the paper's order, budgets ascending.
  std::vector<Prediction> predictions;
  std::vector<std::string> warnings;

  const ApproachReport& report(Approach a) const { return approaches[static_cast<int>(a)]; }
  /// The approach to quote first: parametric if fitted, else isoflop, else envelope.
  Approach preferred() const;
};

/// Fits every approach that applies; one that cannot (too few runs, no curves, no IsoFLOP
/// groups) is skipped with a warning saying why. ff::Error only if none applies.
/// `curves`: the ok runs' training curves (Approach 1), empty when there are none; `source`
/// names the results CSV (in results_source and in the error).
Analysis analyze(const std::vector<Observation>& runs, const AnalyzeSettings& settings,
                 const std::vector<RunCurve>& curves = {}, const std::string& source = "results");

/// analysis.json (docs/formats.md describes every field).
nlohmann::json to_json(const Analysis& analysis);

/// Reads analysis.json (for ff-plot and ff-plan --from), checking its schema version.
nlohmann::json read_analysis_json(const std::filesystem::path& path);

}  // namespace ff
