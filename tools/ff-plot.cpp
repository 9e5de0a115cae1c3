// ff-plot: draws the IsoFLOP profiles, the scaling laws and the loss curves with gnuplot.
#include "ff/cli/tool.h"
#include "ff/pipeline/plot_stage.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  CLI::App app{"Plot an analysis with gnuplot: IsoFLOP profiles, N_opt and D_opt against compute, and every run's\n"
               "loss curve. Writes PNG and/or SVG files plus the .gp scripts and data into DIR/plots.",
               "ff-plot"};
  ff::add_common_options(app, common);
  app.add_option("--analysis", common.analysis, "analysis file (default DIR/analysis.json)");
  app.add_option("--runs", common.runs, "folder of runs/<run_id>/curve.csv (default DIR/runs)");
  app.add_option("--out", common.plots, "output folder (default DIR/plots)");
  return ff::run_stage_tool(app, common, ff::Stage::kPlot, argc, argv, [&](const ff::Config& config) {
    ff::run_plot_stage(common.sweep(), config);
    return 0;
  });
}
