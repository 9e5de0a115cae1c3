// ff-analyze's one library call: read results, fit, write analysis.json, chinchilla.md/.csv.
#pragma once

#include <filesystem>
#include <string>

#include "ff/cli/tool.h"
#include "ff/fit/analysis.h"

namespace ff {

struct AnalyzeToolOptions {
  std::string results;   // "" = DIR/results.csv
  std::string analysis;  // "" = DIR/analysis.json; chinchilla.md/.csv go beside it
  std::string predict;   // "1e21,1e22" overrides analyze.predict
};

/// ff-analyze's work, shared with ff::find_optimal: reads `results`, fits, logs the warnings,
/// writes `analysis_path` (analysis.json) and chinchilla.md / chinchilla.csv beside it.
Analysis analyze_results(const std::filesystem::path& results, const std::filesystem::path& analysis_path,
                         const AnalyzeSettings& settings);

int analyze_tool(const CommonOptions& common, const Config& config, const AnalyzeToolOptions& options);

}  // namespace ff
