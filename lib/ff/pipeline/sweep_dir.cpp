// A sweep folder's paths (see sweep_dir.h).
#include "ff/pipeline/sweep_dir.h"

#include "ff/common/strings.h"

namespace ff {

namespace fs = std::filesystem;

std::string stage_name(Stage stage) {
  switch (stage) {
    case Stage::kPlan: return "plan";
    case Stage::kTrain: return "train";
    case Stage::kAnalyze: return "analyze";
    default: return "plot";
  }
}

SweepDir::SweepDir(fs::path root)
    : root_(std::move(root)),
      plan_(root_ / "plan.json"),
      results_(root_ / "results.csv"),
      runs_(root_ / "runs"),
      analysis_(root_ / "analysis.json"),
      plots_(root_ / "plots") {}

RunFiles SweepDir::run(const std::string& run_id) const {
  const fs::path dir = runs_ / run_id;
  return RunFiles{dir, dir / "curve.csv", dir / "checkpoint.pt", dir / "error.txt", dir / "claim"};
}

namespace {

fs::path beside(const fs::path& file, const std::string& name) {
  return file.has_parent_path() ? file.parent_path() / name : fs::path(name);
}

void replace_unless_empty(fs::path& target, const fs::path& path) {
  if (!path.empty()) target = path;
}

}  // namespace

fs::path SweepDir::report_markdown() const { return beside(analysis_, "chinchilla.md"); }
fs::path SweepDir::report_csv() const { return beside(analysis_, "chinchilla.csv"); }
fs::path SweepDir::recommended(double compute_budget) const {
  return beside(analysis_, "recommended") / (format_sci(compute_budget, 6) + ".yaml");
}

SweepDir& SweepDir::with_plan(const fs::path& path) { replace_unless_empty(plan_, path); return *this; }
SweepDir& SweepDir::with_results(const fs::path& path) { replace_unless_empty(results_, path); return *this; }
SweepDir& SweepDir::with_runs(const fs::path& path) { replace_unless_empty(runs_, path); return *this; }
SweepDir& SweepDir::with_analysis(const fs::path& path) { replace_unless_empty(analysis_, path); return *this; }
SweepDir& SweepDir::with_plots(const fs::path& path) { replace_unless_empty(plots_, path); return *this; }

}  // namespace ff
