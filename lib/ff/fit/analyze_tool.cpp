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
  const fs::path results = in_dir(common, o.results, "results.csv");
  const Analysis analysis = analyze(read_observations(results), settings, results.string());
  for (const auto& w : analysis.warnings) spdlog::warn("{}", w);
  const fs::path out = in_dir(common, o.analysis, "analysis.json");
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  ensure_dir(dir);
  if (fs::is_directory(common.dir)) write_effective_config(common, config);
  write_file_atomic(out, to_json(analysis).dump(2) + "\n");
  write_file_atomic(dir / "chinchilla.md", chinchilla_markdown(analysis));
  write_file_atomic(dir / "chinchilla.csv", chinchilla_csv(analysis));
  std::cout << analysis_summary(analysis);
  spdlog::info("wrote {}, {} and {}", out.string(), (dir / "chinchilla.md").string(), (dir / "chinchilla.csv").string());
  return 0;
}

}  // namespace ff
