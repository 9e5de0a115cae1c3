// A sweep folder and every path in it: the one place where a file name of a sweep is spelled.
//   DIR/config.yaml          the sweep's configuration, written by ff-plan only
//   DIR/plan.json            every planned run
//   DIR/results.csv          one row per finished run
//   DIR/runs/<run_id>/       curve.csv, checkpoint.pt (while unfinished), error.txt (failed runs),
//                            claim (locked by the process training the run)
//   DIR/analysis.json        the fits; chinchilla.md and chinchilla.csv beside it
//   DIR/recommended/<C>.yaml the recommended run at each predicted budget (a preset; beside analysis.json)
//   DIR/plots/               the figures
//   DIR/stages/<stage>.yaml  what ff-train, ff-analyze and ff-plot last ran with
// The tools' --plan, --results, --runs, --analysis and --out options point single files elsewhere.
#pragma once

#include <filesystem>
#include <string>

namespace ff {

/// The files of one run of a sweep.
struct RunFiles {
  std::filesystem::path dir;         // runs/<run_id>/
  std::filesystem::path curve;       // runs/<run_id>/curve.csv
  std::filesystem::path checkpoint;  // runs/<run_id>/checkpoint.pt, present while a run is unfinished
  std::filesystem::path error;       // runs/<run_id>/error.txt, why a run failed
  std::filesystem::path claim;       // runs/<run_id>/claim, flock-ed by the process training the run
};

/// The stages of the pipeline, in order; each is one tool (ff-plan, ff-train, ff-analyze, ff-plot).
enum class Stage { kPlan, kTrain, kAnalyze, kPlot };

/// "plan", "train", "analyze", "plot".
std::string stage_name(Stage stage);

class SweepDir {
 public:
  explicit SweepDir(std::filesystem::path root = "sweep");

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path config() const { return root_ / "config.yaml"; }
  std::filesystem::path stage_record(Stage stage) const { return root_ / "stages" / (stage_name(stage) + ".yaml"); }
  const std::filesystem::path& plan() const { return plan_; }
  const std::filesystem::path& results() const { return results_; }
  const std::filesystem::path& runs() const { return runs_; }
  RunFiles run(const std::string& run_id) const;
  const std::filesystem::path& analysis() const { return analysis_; }
  /// chinchilla.md and chinchilla.csv, beside analysis.json.
  std::filesystem::path report_markdown() const;
  std::filesystem::path report_csv() const;
  /// recommended/<budget>.yaml beside analysis.json, the budget as format_sci with 6 digits ("1e20", "3.16e20").
  std::filesystem::path recommended(double compute_budget) const;
  const std::filesystem::path& plots() const { return plots_; }

  // The tools' options that point one file or folder elsewhere ("" keeps the default).
  SweepDir& with_plan(const std::filesystem::path& path);
  SweepDir& with_results(const std::filesystem::path& path);
  SweepDir& with_runs(const std::filesystem::path& path);
  SweepDir& with_analysis(const std::filesystem::path& path);
  SweepDir& with_plots(const std::filesystem::path& path);

 private:
  std::filesystem::path root_, plan_, results_, runs_, analysis_, plots_;
};

}  // namespace ff
