// ff-analyze's one library call: read results and curves, fit, write analysis.json, chinchilla.md/.csv.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ff/cli/tool.h"
#include "ff/fit/envelope.h"
#include "ff/io/results_file.h"

namespace ff {

struct AnalyzeToolOptions {
  std::string results;   // "" = DIR/results.csv
  std::string analysis;  // "" = DIR/analysis.json; chinchilla.md/.csv go beside it
  std::string runs;      // "" = DIR/runs: the runs' <run_id>/curve.csv for Approach 1
  std::string predict;   // "1e21,1e22" overrides analyze.predict
};

/// runs_dir/<run_id>/curve.csv of every run that has one (runs without a curve are absent).
std::vector<RunCurve> load_run_curves(const std::vector<Observation>& runs, const std::filesystem::path& runs_dir);

int analyze_tool(const CommonOptions& common, const Config& config, const AnalyzeToolOptions& options);

}  // namespace ff
