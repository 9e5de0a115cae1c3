// What ff::find_optimal returns: the plan, and once the sweep is trained and analysed, the
// fitted laws, the per-budget optima, predictions, the Chinchilla table and the figures.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/fit/analysis.h"
#include "ff/io/config.h"
#include "ff/plan/plan.h"
#include "ff/train/sweep_runner.h"

namespace ff {

class Result {
 public:
  /// A result holding only the plan (find_optimal asked not to train).
  Result(Plan plan, Config config, std::filesystem::path dir);

  /// The sweep's folder: plan.json, config.yaml, results.csv, runs/, analysis.json, plots/.
  const std::filesystem::path& dir() const { return dir_; }
  /// The effective configuration (defaults, preset, overrides, find_optimal's options).
  const Config& config() const { return config_; }
  /// Every planned run (plan.json).
  const Plan& plan() const { return plan_; }
  /// The plan as the aligned table ff-plan prints.
  std::string plan_table() const;
  /// What training did in this call: runs done before, ok, diverged, failed (zeros if not trained).
  const SweepSummary& sweep() const { return sweep_; }

  /// True once the sweep was trained and its results fitted.
  bool analyzed() const { return analysis_.has_value(); }
  /// The fit (analysis.json's content); ff::Error unless analyzed().
  const Analysis& analysis() const;
  nlohmann::json analysis_json() const;
  /// Per-budget IsoFLOP profiles and their minima (N_opt, D_opt, loss at the vertex; Approach 2).
  const std::vector<BudgetProfile>& optima() const;
  /// The approach quoted first: parametric if fitted, else isoflop, else envelope.
  Approach preferred() const { return analysis().preferred(); }
  /// An approach's fitted laws N_opt = k C^a, D_opt = k' C^b, L_opt = E + k'' C^-gamma
  /// (Hoffmann et al. 2022, Table 2); ff::Error if that approach was not fitted.
  const Frontier& law(Approach approach) const;
  const Frontier& law() const { return law(preferred()); }

  /// The compute-optimal model at `compute_budget` FLOPs by `approach` (default: the preferred
  /// one): N_opt, D_opt, tokens per parameter and the expected loss (NaN without a loss law).
  Prediction predict(double compute_budget, Approach approach) const;
  Prediction predict(double compute_budget) const { return predict(compute_budget, preferred()); }
  /// The preferred approach's predictions at analyze.predict, as the Markdown table ff-analyze prints.
  std::string chinchilla_table() const;
  /// The whole report, chinchilla.md.
  std::string report() const;
  /// Draws ff-plot's figures (plot.* keys) into `out_dir` (default DIR/plots) with the runs' curves
  /// from DIR/runs; returns the images. Needs gnuplot.
  std::vector<std::filesystem::path> plot(const std::filesystem::path& out_dir = {}) const;

  // Set by find_optimal.
  void set_sweep(const SweepSummary& summary) { sweep_ = summary; }
  void set_analysis(Analysis analysis) { analysis_ = std::move(analysis); }

 private:
  Plan plan_;
  Config config_;
  std::filesystem::path dir_;
  SweepSummary sweep_;
  std::optional<Analysis> analysis_;
};

}  // namespace ff
