// ff-analyze: fits the scaling laws to a results CSV and predicts compute-optimal models.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/fit/isoflop.h"
#include "ff/io/config.h"

namespace ff {

constexpr int kAnalysisSchemaVersion = 1;

struct AnalyzeSettings {
  std::vector<double> predict;    // budgets to predict, FLOPs
  double budget_tolerance = 0.01; // relative
  int min_sizes = 3;
};

AnalyzeSettings read_analyze_settings(const Config& config);

/// The compute-optimal model at one budget, as one approach predicts it.
struct Prediction {
  std::string approach;       // "isoflop"
  double compute_budget = 0;  // FLOPs
  double n_params = 0;        // N_opt
  double tokens = 0;          // D_opt
  double tokens_per_param = 0;
  double loss = 0;            // expected loss, nats/token
};

struct Analysis {
  std::string results_source;  // the CSV analysed
  int n_runs = 0;              // ok runs read
  IsoflopResult isoflop;
  std::vector<Prediction> predictions;
  std::vector<std::string> warnings;
};

/// Fits every approach that applies; ff::Error only if none does, naming `source` (the CSV).
Analysis analyze(const std::vector<Observation>& runs, const AnalyzeSettings& settings,
                 const std::string& source = "results");

nlohmann::json to_json(const Analysis& analysis);

/// Reads analysis.json (for ff-plot), checking its schema version.
nlohmann::json read_analysis_json(const std::filesystem::path& path);

}  // namespace ff
