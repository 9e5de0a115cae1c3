// ff-plot's figures: IsoFLOP profiles, N_opt / D_opt against C for every approach with bootstrap
// bands, every run's loss curve with the envelope, the parametric fit's iso-loss contours, and
// the residuals of each fit, and the rolling hold-out's errors against the extrapolation distance. Each figure is a data file plus a gnuplot script in the output
// folder, rendered to PNG (pngcairo) and/or SVG by gnuplot (driven through gnuplot-iostream).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "ff/io/config.h"

namespace ff {

struct Analysis;  // the fit, as analysis.json holds it
struct RunCurve;  // one run's training curve

struct PlotSettings {
  std::vector<std::string> formats = {"png", "svg"};
  int width = 960, height = 640;  // pixels (two-panel figures are drawn 1.5 times as wide)
  std::string gnuplot = "gnuplot";  // the program: a name on PATH or a path
};

/// The plot.* keys, range-checked.
PlotSettings read_plot_settings(const Config& config);

/// Draws every figure that `analysis` supports into `out_dir`: for each, `<name>.dat` (the data),
/// `<name>.gp` (the script; re-run it with gnuplot to redraw or edit the figure) and one image
/// per format. `curves`: the runs' training curves for the curves figure (those of the IsoFLOP
/// budgets' runs are drawn; may be empty). Returns the images written. ff::Error, before anything
/// is written, when plot.gnuplot names no program; naming the script when gnuplot fails on it.
std::vector<std::filesystem::path> plot_all(const Analysis& analysis, const std::vector<RunCurve>& curves,
                                            const std::filesystem::path& out_dir, const PlotSettings& settings);

}  // namespace ff
