// ff-plan: writes a sweep's plan.json (IsoFLOP budgets x model sizes) and prints it as a table.
#include <iostream>

#include "ff/cli/tool.h"
#include "ff/pipeline/plan_stage.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  ff::PlanRequest request;
  CLI::App app{"Plan an IsoFLOP sweep: for each compute budget, a grid of GPT sizes with their tokens and steps.\n"
               "Writes DIR/plan.json and DIR/config.yaml (the sweep's configuration, which the later tools read);\n"
               "prints the plan as a table on stdout.",
               "ff-plan"};
  ff::add_common_options(app, common);
  app.add_option("--plan", common.plan, "output plan file (default DIR/plan.json)");
  app.add_option("--from", request.from, "centre each budget's sizes on the optimum an analysis.json predicts, "
                                         "spanning its 95% interval (at least sizes.span)");
  app.add_option("--approach", request.approach, "with --from: parametric, isoflop or envelope (default parametric "
                                                 "if fitted, else isoflop, else envelope)");
  app.add_option("--hyper-from", request.hyper_from, "set each budget's peak lr and batch size from the hyperparameter "
                                                    "laws of an analysis.json (a plan.kind=hyperparameters sweep)");
  return ff::run_stage_tool(app, common, ff::Stage::kPlan, argc, argv, [&](const ff::Config& config) {
    std::cout << ff::format_plan_table(ff::run_plan_stage(common.sweep(), config, request));
    return 0;
  });
}
