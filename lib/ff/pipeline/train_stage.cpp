// The train stage (see train_stage.h).
#include "ff/pipeline/train_stage.h"

#include <spdlog/spdlog.h>

#include "ff/common/fs.h"
#include "ff/io/results_file.h"
#include "ff/pipeline/stage_config.h"
#include "ff/train/distributed.h"
#include "ff/train/gpt_run.h"
#include "ff/train/jobs.h"
#include "ff/train/train_settings.h"
#include "ff/train/trainers.h"

namespace ff {

namespace {

// Creates the folders the sweep writes into.
void make_folders(const SweepDir& dir) {
  ensure_dir(dir.runs());
  if (dir.results().has_parent_path()) ensure_dir(dir.results().parent_path());
}

// The parent of train.jobs > 1: builds the token caches once (so the jobs do not race to build
// them), drops failed rows once, then starts the jobs and waits.
int start_jobs(const TrainSettings& settings, const TrainRequest& request, const SweepDir& dir,
               const SweepOptions& sweep) {
  if (settings.mode == TrainMode::kLocal) load_gpt_data(settings);
  if (sweep.retry_failed) {
    const int dropped = drop_failed_results(dir.results());
    if (dropped > 0) spdlog::info("retrying {} failed runs", dropped);
  }
  spdlog::info("train.jobs: {} ff-train jobs side by side, {} LibTorch threads each", settings.jobs,
               threads_per_job(settings.local.threads, settings.jobs));
  const int code = run_parallel_jobs(request.argv, settings.jobs);
  spdlog::info("train.jobs: all {} jobs done (exit code {})", settings.jobs, code);
  return code;
}

// A job of train.jobs: the same shard (the jobs claim its runs one by one), its share of the
// threads; the parent retried.
void become_job(const std::string& job_text, SweepOptions& sweep, TrainSettings& settings) {
  int job = 0, jobs = 1;
  parse_job(job_text, &job, &jobs);
  sweep.retry_failed = false;
  settings.local.threads = threads_per_job(settings.local.threads, jobs);
}

int exit_code(const SweepSummary& summary) {
  if (summary.interrupted) return 3;
  return summary.failed > 0 ? 1 : 0;
}

}  // namespace

int run_train_stage(const SweepDir& dir, const Config& config, const TrainRequest& request) {
  TrainSettings settings = read_train_settings(config);
  if (request.prepare_data) {
    const auto data = load_gpt_data(settings);
    spdlog::info("token caches ready in {}: {} train and {} held-out tokens", settings.data.cache_dir,
                 data->train.size(), data->valid.size());
    return 0;
  }
  SweepOptions sweep;
  if (!request.shard.empty()) parse_shard(request.shard, &sweep);
  const Plan plan = read_plan(dir.plan());
  check_plan_fixed(config, plan.config, dir.plan().string());
  sweep.retry_failed = request.retry_failed;
  const DistributedEnv& ranks = distributed();  // joins the process group under torchrun or srun
  check(ranks.size == 1 || settings.jobs == 1,
        "train.jobs ({}) must be 1 when ff-train runs as {} processes (rank {}, from {}): one run's ranks work together",
        settings.jobs, ranks.size, ranks.rank, ranks.launcher);
  // Ranks on one host share its cores as train.jobs do: train.threads (0 = all) divided among them.
  if (ranks.local_size > 1) settings.local.threads = threads_per_job(settings.local.threads, ranks.local_size);
  if (ranks.rank == 0) {  // rank 0 alone writes
    make_folders(dir);
    record_stage_config(dir, Stage::kTrain, config);
  }
  if (request.job.empty() && settings.jobs > 1) return start_jobs(settings, request, dir, sweep);
  if (!request.job.empty()) become_job(request.job, sweep, settings);
  const SweepSummary summary = run_sweep(plan, dir, sweep, make_run_trainer(settings, plan));
  log_summary(summary);
  return exit_code(summary);
}

SweepSummary train_sweep(const SweepDir& dir, const Plan& plan, const RunTrainer& trainer) {
  make_folders(dir);
  const SweepSummary summary = run_sweep(plan, dir, SweepOptions{}, trainer);
  log_summary(summary);
  return summary;
}

}  // namespace ff
