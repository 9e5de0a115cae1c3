// ff-train: trains every run of a plan (mock or local), appending finished runs to results.csv.
#include "ff/cli/tool.h"
#include "ff/pipeline/train_stage.h"

int main(int argc, char** argv) {
  ff::prepare_training_process(argv);  // OpenMP wait policy (may re-execute) and malloc settings
  ff::CommonOptions common;
  ff::TrainRequest request;
  CLI::App app{"Train every run of a plan: train.mode=mock draws losses from a known law, train.mode=local trains\n"
               "each GPT with LibTorch. Finished runs are appended to results.csv and skipped when re-run; each\n"
               "run's loss curve goes to DIR/runs/<run_id>/curve.csv. SIGTERM, SIGINT or SIGUSR1 checkpoint the\n"
               "run in progress and exit 3; running again resumes it. train.jobs=N trains N runs at once, each in\n"
               "its own ff-train process; --shard splits a sweep across machines (Slurm job arrays). Started as\n"
               "several processes by torchrun or srun (RANK/WORLD_SIZE/MASTER_ADDR/MASTER_PORT, or srun's SLURM_*),\n"
               "they train each run together, data-parallel (c10d): rank 0 writes, the others follow. The plan\n"
               "fixes each run's model, tokens, batch and lr: a train.lr or train.batch_size (or any ff-plan key)\n"
               "that differs from plan.json is an error. What ff-train ran with goes to DIR/stages/train.yaml.\n"
               "Environment: FF_GEMM=blas makes the fused kernels' float products use the BLAS instead of oneDNN's\n"
               "sgemm (the default, FF_GEMM=onednn); OMP_WAIT_POLICY, when set, is kept (else chosen by idle cores).",
               "ff-train"};
  ff::add_common_options(app, common);
  app.add_option("--plan", common.plan, "plan file (default DIR/plan.json)");
  app.add_option("--results", common.results, "results file to append to (default DIR/results.csv)");
  app.add_option("--shard", request.shard, "run only runs i, i+n, i+2n, ... of the plan (0-based i/n; e.g. "
                                           "$SLURM_ARRAY_TASK_ID/8)");
  app.add_flag("--retry-failed", request.retry_failed, "drop failed rows from results.csv and run those runs again");
  app.add_flag("--prepare-data", request.prepare_data,
               "tokenize the corpus into its token cache (data.cache_dir) and do nothing else");
  app.add_option("--job", request.job, "job k/J of train.jobs (set by ff-train itself)")->group("");
  request.argv.assign(argv, argv + argc);
  return ff::run_stage_tool(app, common, ff::Stage::kTrain, argc, argv, [&](const ff::Config& config) {
    return ff::run_train_stage(common.sweep(), config, request);
  });
}
