// ff-analyze's one library call: read results, fit, write analysis.json, chinchilla.md/.csv.
#pragma once

#include <string>

#include "ff/cli/tool.h"

namespace ff {

struct AnalyzeToolOptions {
  std::string results;   // "" = DIR/results.csv
  std::string analysis;  // "" = DIR/analysis.json; chinchilla.md/.csv go beside it
  std::string predict;   // "1e21,1e22" overrides analyze.predict
};

int analyze_tool(const CommonOptions& common, const Config& config, const AnalyzeToolOptions& options);

}  // namespace ff
