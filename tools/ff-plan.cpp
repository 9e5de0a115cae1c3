// ff-plan: writes a sweep's plan.json (IsoFLOP budgets x model sizes) and prints it as a table.
#include <iostream>

#include <spdlog/spdlog.h>

#include "ff/cli/tool.h"
#include "ff/io/analysis_file.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/plan/plan_from_analysis.h"

int main(int argc, char** argv) {
  ff::CommonOptions common;
  std::string plan_path, from, approach;
  CLI::App app{"Plan an IsoFLOP sweep: for each compute budget, a grid of GPT sizes with their tokens and steps.\n"
               "Writes DIR/plan.json and DIR/config.yaml; prints the plan as a table on stdout.",
               "ff-plan"};
  ff::add_common_options(app, common);
  app.add_option("--plan", plan_path, "output plan file (default DIR/plan.json)");
  app.add_option("--from", from, "centre each budget's sizes on the optimum an analysis.json predicts, spanning its "
                                 "95% interval (at least sizes.span)");
  app.add_option("--approach", approach, "with --from: parametric, isoflop or envelope (default parametric if fitted, "
                                         "else isoflop, else envelope)");
  return ff::run_configured_tool(app, common, argc, argv, /*read_sweep_config=*/false, [&](const ff::Config& config) {
    std::vector<std::string> warnings;
    ff::PlanSettings settings = ff::read_plan_settings(config);
    if (!from.empty()) {
      approach = ff::approach_name(ff::centre_on_analysis(settings, ff::read_analysis(from), approach, from, &warnings));
      spdlog::info("sizes centred on the {} approach's optima from {}", approach, from);
    }
    ff::Plan plan = ff::make_plan(settings, &warnings);
    plan.config = config.to_json();
    for (const auto& w : warnings) spdlog::warn("{}", w);
    ff::write_effective_config(common, config);
    const auto path = ff::in_dir(common, plan_path, "plan.json");
    ff::write_plan(plan, path);
    std::cout << ff::format_plan_table(plan);
    spdlog::info("wrote {} ({} runs over {} budgets)", path.string(), plan.runs.size(), plan.budgets.size());
    return 0;
  });
}
