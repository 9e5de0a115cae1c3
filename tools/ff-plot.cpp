// ff-plot: draws the IsoFLOP profiles, the scaling laws and the loss curves with gnuplot.

#include <spdlog/spdlog.h>

#include "ff/cli/tool.h"
#include "ff/fit/analysis.h"
#include "ff/plot/figures.h"
#include "ff/plot/interim_inputs.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  std::string analysis_path, runs_dir, out_dir;
  CLI::App app{"Plot an analysis with gnuplot: IsoFLOP profiles, N_opt and D_opt against compute, and every run's\n"
               "loss curve. Writes PNG and/or SVG files plus the .gp scripts and data into DIR/plots.",
               "ff-plot"};
  ff::add_common_options(app, common);
  app.add_option("--analysis", analysis_path, "analysis file (default DIR/analysis.json)");
  app.add_option("--runs", runs_dir, "folder of runs/<run_id>/curve.csv (default DIR/runs)");
  app.add_option("--out", out_dir, "output folder (default DIR/plots)");
  return ff::run_configured_tool(app, common, argc, argv, /*read_sweep_config=*/true, [&](const ff::Config& config) {
    const ff::PlotSettings settings = ff::read_plot_settings(config);
    const ff::Analysis analysis =
        ff::analysis_from_json(ff::read_analysis_json(ff::in_dir(common, analysis_path, "analysis.json")));
    const auto curves = ff::load_budget_curves(analysis, ff::in_dir(common, runs_dir, "runs"));
    const auto images = ff::plot_all(analysis, curves, ff::in_dir(common, out_dir, "plots"), settings);
    for (const auto& image : images) spdlog::info("wrote {}", image.string());
    return 0;
  });
}
