// ff-train: trains every run of a plan (mock or local), appending finished runs to results.csv.

#include <spdlog/spdlog.h>

#include "ff/cli/tool.h"
#include "ff/train/train_tool.h"

int main(int argc, char** argv) {
  ff::prepare_training_process(argv);  // OpenMP wait policy (may re-execute) and malloc settings
  ff::CommonOptions common;
  ff::TrainToolOptions options;
  CLI::App app{"Train every run of a plan: train.mode=mock draws losses from a known law, train.mode=local trains\n"
               "each GPT with LibTorch. Finished runs are appended to results.csv and skipped when re-run; each\n"
               "run's loss curve goes to DIR/runs/<run_id>/curve.csv. SIGTERM, SIGINT or SIGUSR1 checkpoint the\n"
               "run in progress and exit 3; running again resumes it. train.jobs=N trains N runs at once, each in\n"
               "its own ff-train process; --shard splits a sweep across machines (Slurm job arrays).",
               "ff-train"};
  ff::add_common_options(app, common);
  app.add_option("--plan", options.plan, "plan file (default DIR/plan.json)");
  app.add_option("--results", options.results, "results file to append to (default DIR/results.csv)");
  app.add_option("--shard", options.shard, "run only runs i, i+n, i+2n, ... of the plan (0-based i/n; e.g. $SLURM_ARRAY_TASK_ID/8)");
  app.add_flag("--retry-failed", options.retry_failed, "drop failed rows from results.csv and run those runs again");
  app.add_flag("--prepare-data", options.prepare_data,
               "tokenize the corpus into its token cache (data.cache_dir) and do nothing else");
  app.add_option("--job", options.job, "job k/J of train.jobs (set by ff-train itself)")->group("");
  options.argv.assign(argv, argv + argc);
  return ff::run_configured_tool(app, common, argc, argv, /*read_sweep_config=*/true, [&](const ff::Config& config) {
    return ff::train_tool(common, config, options);
  });
}
