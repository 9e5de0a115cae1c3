// ff-analyze's one library call (see analyze_tool.h).
#include "ff/fit/analyze_tool.h"

#include <iostream>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/fit/analysis.h"
#include "ff/plot/report.h"

namespace ff {

namespace fs = std::filesystem;

Analysis analyze_results(const fs::path& results, const fs::path& analysis_path, const AnalyzeSettings& settings) {
  const Analysis analysis = analyze(read_observations(results), settings, results.string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  const fs::path dir = analysis_path.has_parent_path() ? analysis_path.parent_path() : fs::path(".");
  ensure_dir(dir);
  write_file_atomic(analysis_path, to_json(analysis).dump(2) + "\n");
  write_file_atomic(dir / "chinchilla.md", chinchilla_markdown(analysis));
  write_file_atomic(dir / "chinchilla.csv", chinchilla_csv(analysis));
  spdlog::info("wrote {}, {} and {}", analysis_path.string(), (dir / "chinchilla.md").string(),
               (dir / "chinchilla.csv").string());
  return analysis;
}

int analyze_tool(const CommonOptions& common, const Config& config, const AnalyzeToolOptions& o) {
  AnalyzeSettings settings = read_analyze_settings(config);
  if (!o.predict.empty()) {
    settings.predict.clear();
    for (const auto& item : split(o.predict, ',')) {
      const double c = parse_double(item, "--predict");
      check(c > 0, "--predict: '{}' must be a positive FLOP count", item);
      settings.predict.push_back(c);
    }
  }
  const Analysis analysis =
      analyze_results(in_dir(common, o.results, "results.csv"), in_dir(common, o.analysis, "analysis.json"), settings);
  if (fs::is_directory(common.dir)) write_effective_config(common, config);
  std::cout << analysis_summary(analysis);
  return 0;
}

}  // namespace ff
