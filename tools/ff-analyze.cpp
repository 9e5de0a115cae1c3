// ff-analyze: fits the scaling laws to a results CSV and predicts compute-optimal models.

#include "ff/cli/tool.h"
#include "ff/fit/analyze_tool.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  ff::AnalyzeToolOptions options;
  CLI::App app{"Fit the scaling laws to a results CSV (any CSV with compute_budget, n_params, tokens, final_loss)\n"
               "and predict the compute-optimal model size and tokens. Writes analysis.json, chinchilla.md and\n"
               "chinchilla.csv beside --analysis; prints a summary on stdout.",
               "ff-analyze"};
  ff::add_common_options(app, common);
  app.add_option("--results", options.results, "results CSV (default DIR/results.csv)");
  app.add_option("--analysis", options.analysis, "output analysis file (default DIR/analysis.json)");
  app.add_option("--runs", options.runs, "folder of <run_id>/curve.csv training curves for Approach 1 (default DIR/runs)");
  app.add_option("--predict", options.predict, "budgets to predict, comma-separated FLOPs (e.g. 1e21,1e22); "
                                               "overrides analyze.predict");
  return ff::run_configured_tool(app, common, argc, argv, /*read_sweep_config=*/true, [&](const ff::Config& config) {
    return ff::analyze_tool(common, config, options);
  });
}
