// The plot stage (see plot_stage.h).
#include "ff/pipeline/plot_stage.h"

#include <spdlog/spdlog.h>

#include "ff/io/analysis_file.h"
#include "ff/pipeline/run_curves.h"
#include "ff/pipeline/stage_config.h"

namespace ff {

namespace fs = std::filesystem;

std::vector<fs::path> plot_sweep(const SweepDir& dir, const Analysis& analysis, const PlotSettings& settings) {
  std::vector<Observation> runs;  // the IsoFLOP budgets' runs: the curves figure draws theirs
  for (const BudgetProfile& b : analysis.isoflop.budgets) runs.insert(runs.end(), b.runs.begin(), b.runs.end());
  return plot_all(analysis, load_run_curves(dir, runs), dir.plots(), settings);
}

std::vector<fs::path> run_plot_stage(const SweepDir& dir, const Config& config) {
  const PlotSettings settings = read_plot_settings(config);
  const auto images = plot_sweep(dir, read_analysis(dir.analysis()), settings);
  for (const auto& image : images) spdlog::info("wrote {}", image.string());
  if (fs::is_directory(dir.root())) record_stage_config(dir, Stage::kPlot, config);
  return images;
}

}  // namespace ff
