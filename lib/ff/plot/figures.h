// ff-plot's figures: IsoFLOP profiles, N_opt / D_opt against C for every approach with bootstrap
// bands, every run's loss curve with the envelope, the parametric fit's iso-loss contours, and
// the residuals of each fit. Each figure is a data file plus a gnuplot script in the output
// folder, rendered to PNG (pngcairo) and/or SVG.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/io/config.h"

namespace ff {

struct PlotSettings {
  std::vector<std::string> formats = {"png", "svg"};
  int width = 960, height = 640;  // pixels (two-panel figures are drawn 1.5 times as wide)
  std::string gnuplot = "gnuplot";
};

PlotSettings read_plot_settings(const Config& config);

/// Draws every figure that `analysis` (analysis.json) supports; curves come from
/// runs_dir/<run_id>/curve.csv where present. Returns the image files written.
std::vector<std::filesystem::path> plot_all(const nlohmann::json& analysis, const std::filesystem::path& runs_dir,
                                            const std::filesystem::path& out_dir, const PlotSettings& settings);

}  // namespace ff
