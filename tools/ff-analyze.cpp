// ff-analyze: fits the scaling laws to a results CSV and predicts compute-optimal models.
#include <iostream>

#include "ff/cli/tool.h"
#include "ff/pipeline/analyze_stage.h"
#include "ff/io/report.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  ff::AnalyzeRequest request;
  CLI::App app{"Fit the scaling laws to a results CSV (any CSV with compute_budget, n_params, tokens, final_loss)\n"
               "and predict the compute-optimal model size and tokens. Writes analysis.json, chinchilla.md and\n"
               "chinchilla.csv beside --analysis; prints a summary on stdout.",
               "ff-analyze"};
  ff::add_common_options(app, common);
  app.add_option("--results", common.results, "results CSV (default DIR/results.csv)");
  app.add_option("--analysis", common.analysis, "output analysis file (default DIR/analysis.json)");
  app.add_option("--runs", common.runs, "folder of <run_id>/curve.csv training curves for Approach 1 (default DIR/runs)");
  app.add_option("--predict", request.predict, "budgets to predict, comma-separated FLOPs (e.g. 1e21,1e22); "
                                               "replaces analyze.predict")
      ->delimiter(',');
  return ff::run_stage_tool(app, common, ff::Stage::kAnalyze, argc, argv, [&](const ff::Config& config) {
    std::cout << ff::analysis_summary(ff::run_analyze_stage(common.sweep(), config, request));
    return 0;
  });
}
