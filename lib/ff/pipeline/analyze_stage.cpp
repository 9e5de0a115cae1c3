// The analyze stage (see analyze_stage.h).
#include "ff/pipeline/analyze_stage.h"

#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/fit/analyze_settings.h"
#include "ff/fit/hyperparameters.h"
#include "ff/pipeline/run_curves.h"
#include "ff/pipeline/stage_config.h"
#include "ff/io/analysis_file.h"
#include "ff/io/report.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

AnalyzeSettings stage_settings(const Config& config, const AnalyzeRequest& request) {
  AnalyzeSettings settings = read_analyze_settings(config);
  if (request.predict.empty()) return settings;
  for (double c : request.predict) check(c > 0, "--predict: '{:g}' must be a positive FLOP count", c);
  settings.predict = request.predict;
  return settings;
}

void write_outputs(const SweepDir& dir, const Analysis& analysis) {
  if (dir.analysis().has_parent_path()) ensure_dir(dir.analysis().parent_path());
  write_analysis(analysis, dir.analysis());
  write_chinchilla_markdown(analysis, dir.report_markdown());
  write_chinchilla_csv(analysis, dir.report_csv());
}

}  // namespace

Analysis run_analyze_stage(const SweepDir& dir, const Config& config, const AnalyzeRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  const AnalyzeSettings settings = stage_settings(config, request);
  const std::vector<Observation> runs = read_observations(dir.results());
  const std::vector<RunCurve> curves = load_run_curves(dir, runs);
  const Analysis analysis = analyze_runs(runs, settings, curves, dir.results().string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  write_outputs(dir, analysis);
  if (fs::is_directory(dir.root())) record_stage_config(dir, Stage::kAnalyze, config);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {}, {} and {} ({} runs, {} curves, {} bootstrap replicates, {:.1f} s)", dir.analysis().string(),
               dir.report_markdown().string(), dir.report_csv().string(), runs.size(), curves.size(),
               settings.bootstrap, seconds);
  return analysis;
}

}  // namespace ff
