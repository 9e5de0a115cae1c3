// The figures ff-plot draws, one function each: each reads the typed analysis, writes its data
// files into `dir` and returns the gnuplot commands that draw it ("" when the analysis has nothing
// to draw). figures.cpp renders them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ff/fit/analysis.h"
#include "ff/fit/envelope.h"

namespace ff::figure {

/// Blocks of a gnuplot data file, addressed by `index` (separated by two blank lines).
class DataBlocks {
 public:
  /// Appends `rows` ("x y ...\n" lines) as the next block and returns its index.
  int add(const std::string& rows);
  /// Writes the file; false (and nothing written) when it has no blocks.
  bool write(const std::filesystem::path& path) const;

 private:
  std::string text_;
  int count_ = 0;
};

/// A fixed colour per approach, so that every figure agrees: "#rrggbb".
std::string approach_colour(Approach approach);
/// The legend name of an approach: "1: envelope of curves", ...
std::string approach_label(Approach approach);
/// "1e17 FLOPs".
std::string budget_label(double compute_budget);

/// Approach 2's IsoFLOP profiles: final loss against N per budget, parabolas and vertices.
std::string isoflop_figure(const Analysis& analysis, const std::filesystem::path& dir);
/// N_opt and D_opt against C for every fitted approach, with bootstrap bands and predictions.
std::string scaling_figure(const Analysis& analysis, const std::filesystem::path& dir);
/// The training curve of every run of an IsoFLOP budget that has one in `curves`, coloured by
/// budget, with Approach 1's envelope.
std::string curves_figure(const Analysis& analysis, const std::vector<RunCurve>& curves,
                          const std::filesystem::path& dir);
/// The parametric fit's iso-loss contours over (C, N), the efficient frontier and the runs
/// (Hoffmann et al. 2022, Figure 4 left).
std::string contour_figure(const Analysis& analysis, const std::filesystem::path& dir);
/// Residuals of each fit: parabolas, the N_opt and D_opt power laws, and the parametric loss.
std::string residuals_figure(const Analysis& analysis, const std::filesystem::path& dir);

/// The rolling hold-out: each approach's N_opt and loss errors against the extrapolation distance.
std::string rollout_figure(const Analysis& analysis, const std::filesystem::path& dir);

/// The hyperparameter laws: loss against lr (and batch size) per (budget, size) group with its
/// parabola and optimum, and the optima against compute with the fitted law ("" without them).
std::string hyper_figure(const Analysis& analysis, const std::filesystem::path& dir);

}  // namespace ff::figure
