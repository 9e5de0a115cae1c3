// ff-train's one library call (see train_tool.h).
#include "ff/train/train_tool.h"

#include <spdlog/spdlog.h>

#include "ff/common/fs.h"
#include "ff/io/results_file.h"
#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"
#include "ff/train/gpt_run.h"
#include "ff/train/jobs.h"
#include "ff/train/sweep_runner.h"
#include "ff/train/train_settings.h"
#include "ff/train/trainers.h"

namespace ff {

namespace {

// The parent of train.jobs > 1: builds the token caches once (so the jobs do not race to build
// them), then starts the jobs and waits.
int start_jobs(const TrainSettings& settings, const TrainToolOptions& o, const SweepDir& dir,
               const SweepOptions& sweep) {
  if (settings.mode == TrainMode::kLocal) load_gpt_data(settings);
  if (sweep.retry_failed) {  // here, once: the jobs must not drop each other's rows
    const int dropped = drop_failed_results(dir.results());
    if (dropped > 0) spdlog::info("retrying {} failed runs", dropped);
  }
  spdlog::info("train.jobs: {} ff-train jobs side by side, {} LibTorch threads each", settings.jobs,
               threads_per_job(settings.local.threads, settings.jobs));
  const int code = run_parallel_jobs(o.argv, settings.jobs);
  spdlog::info("train.jobs: all {} jobs done (exit code {})", settings.jobs, code);
  return code;
}

}  // namespace

int train_tool(const CommonOptions& common, const Config& config, const TrainToolOptions& o) {
  TrainSettings settings = read_train_settings(config);
  if (o.prepare_data) {
    const auto data = load_gpt_data(settings);
    spdlog::info("token caches ready in {}: {} train and {} held-out tokens", settings.data.cache_dir,
                 data->train.size(), data->valid.size());
    return 0;
  }
  SweepOptions sweep;
  if (!o.shard.empty()) parse_shard(o.shard, &sweep);
  SweepDir dir(common.dir);
  dir.with_plan(o.plan).with_results(o.results);
  const Plan plan = read_plan(dir.plan());
  sweep.retry_failed = o.retry_failed;
  ensure_dir(dir.runs());
  if (dir.results().has_parent_path()) ensure_dir(dir.results().parent_path());
  write_effective_config(common, config);
  if (o.job.empty() && settings.jobs > 1) return start_jobs(settings, o, dir, sweep);
  if (!o.job.empty()) {
    int job = 0, jobs = 1;
    parse_job(o.job, &job, &jobs);
    const JobShare share = job_share(sweep.shard_index, sweep.shard_count, job, jobs);
    sweep.shard_index = share.shard_index;
    sweep.shard_count = share.shard_count;
    sweep.retry_failed = false;  // done by the parent
    settings.local.threads = threads_per_job(settings.local.threads, jobs);
  }
  const SweepSummary s = run_sweep(plan, dir, sweep, make_run_trainer(settings, plan));
  log_summary(s);
  if (s.interrupted) return 3;
  return s.failed > 0 ? 1 : 0;
}

}  // namespace ff
