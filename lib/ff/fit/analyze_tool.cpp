// ff-analyze's one library call (see analyze_tool.h).
#include "ff/fit/analyze_tool.h"

#include <chrono>
#include <iostream>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/fit/analysis.h"
#include "ff/plot/report.h"
#include "ff/train/run_outcome.h"

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
  const auto start = std::chrono::steady_clock::now();
  AnalyzeSettings settings = read_analyze_settings(config);
  apply_predict_option(o.predict, settings);
  const fs::path results = in_dir(common, o.results, "results.csv");
  const std::vector<Observation> runs = read_observations(results);
  const std::vector<RunCurve> curves = load_run_curves(runs, in_dir(common, o.runs, "runs"));
  const Analysis analysis = analyze(runs, settings, curves, results.string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  const fs::path out = in_dir(common, o.analysis, "analysis.json");
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  ensure_dir(dir);
  if (fs::is_directory(common.dir)) write_effective_config(common, config);
  write_file_atomic(out, to_json(analysis).dump(2) + "\n");
  write_file_atomic(dir / "chinchilla.md", chinchilla_markdown(analysis));
  write_file_atomic(dir / "chinchilla.csv", chinchilla_csv(analysis));
  std::cout << analysis_summary(analysis);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("wrote {}, {} and {} ({} runs, {} curves, {} bootstrap replicates, {:.1f} s)", out.string(),
               (dir / "chinchilla.md").string(), (dir / "chinchilla.csv").string(), runs.size(), curves.size(),
               settings.bootstrap, seconds);
  return 0;
}

}  // namespace ff
