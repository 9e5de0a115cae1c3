// The plot stage (ff-plot, ff::Result::plot): the figures of an analysis and its runs' curves.
#pragma once

#include <filesystem>
#include <vector>

#include "ff/io/analysis_record.h"
#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"
#include "ff/plot/figures.h"

namespace ff {

/// Draws every figure of `analysis` (with the curves of the runs under dir.runs()) into
/// dir.plots(); returns the images written.
std::vector<std::filesystem::path> plot_sweep(const SweepDir& dir, const Analysis& analysis,
                                              const PlotSettings& settings);

/// ff-plot: reads dir.analysis() and draws its figures with the plot.* settings.
std::vector<std::filesystem::path> run_plot_stage(const SweepDir& dir, const Config& config);

}  // namespace ff
