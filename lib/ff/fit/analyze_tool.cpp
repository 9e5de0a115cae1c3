// ff-analyze's one library call (see analyze_tool.h).
#include "ff/fit/analyze_tool.h"

#include <chrono>
#include <iostream>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/fit/analysis.h"
#include "ff/io/analysis_file.h"
#include "ff/io/curve_file.h"
#include "ff/io/report.h"

namespace ff {

namespace fs = std::filesystem;

std::vector<RunCurve> load_run_curves(const std::vector<Observation>& runs, const fs::path& runs_dir) {
  std::vector<RunCurve> curves;
  for (const auto& r : runs) {
    const fs::path file = runs_dir / r.run_id / "curve.csv";
    if (r.run_id.empty() || !fs::is_regular_file(file)) continue;
    RunCurve c{r.run_id, r.compute_budget, r.n_params, {}};
    for (const CurvePoint& p : read_curve(file)) {
      c.samples.push_back({p.flops, static_cast<double>(p.tokens), p.eval_loss});
    }
    curves.push_back(std::move(c));
  }
  return curves;
}

Analysis analyze_results(const fs::path& results, const fs::path& runs_dir, const fs::path& analysis_path,
                         const AnalyzeSettings& settings) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Observation> runs = read_observations(results);
  const std::vector<RunCurve> curves = load_run_curves(runs, runs_dir);
  const Analysis analysis = analyze(runs, settings, curves, results.string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  const fs::path dir = analysis_path.has_parent_path() ? analysis_path.parent_path() : fs::path(".");
  ensure_dir(dir);
  write_analysis(analysis, analysis_path);
  write_chinchilla_markdown(analysis, dir / "chinchilla.md");
  write_chinchilla_csv(analysis, dir / "chinchilla.csv");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {}, {} and {} ({} runs, {} curves, {} bootstrap replicates, {:.1f} s)", analysis_path.string(),
               (dir / "chinchilla.md").string(), (dir / "chinchilla.csv").string(), runs.size(), curves.size(),
               settings.bootstrap, seconds);
  return analysis;
}

namespace {

void apply_predict_option(const std::string& option, AnalyzeSettings& settings) {
  if (option.empty()) return;
  settings.predict.clear();
  for (const auto& item : split(option, ',')) {
    const double c = parse_double(item, "--predict");
    check(c > 0, "--predict: '{}' must be a positive FLOP count", item);
    settings.predict.push_back(c);
  }
}

}  // namespace

int analyze_tool(const CommonOptions& common, const Config& config, const AnalyzeToolOptions& o) {
  AnalyzeSettings settings = read_analyze_settings(config);
  apply_predict_option(o.predict, settings);
  const Analysis analysis = analyze_results(in_dir(common, o.results, "results.csv"), in_dir(common, o.runs, "runs"),
                                            in_dir(common, o.analysis, "analysis.json"), settings);
  if (fs::is_directory(common.dir)) write_effective_config(common, config);
  std::cout << analysis_summary(analysis);
  return 0;
}

}  // namespace ff
