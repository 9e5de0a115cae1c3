// The train stage (ff-train, ff::find_optimal): every run of the plan not yet in results.csv,
// mock or local, optionally one shard, optionally several side-by-side jobs. Part of the torch
// library (local training); the other stages are torch-free.
#pragma once

#include <string>
#include <vector>

#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"
#include "ff/train/sweep_runner.h"

namespace ff {

/// What ff-train is asked besides the configuration.
struct TrainRequest {
  std::string shard;              // "" = every run, else "i/n": runs i, i + n, ... (Slurm job arrays)
  bool retry_failed = false;      // drop failed rows from results.csv and train those runs again
  bool prepare_data = false;      // only build the token caches of local training
  std::string job;                // hidden --job k/J: this process is job k of train.jobs = J
  std::vector<std::string> argv;  // this process's command line, to start the jobs with
};

/// ff-train: reads dir.plan(), refuses a configuration that differs from what the plan fixed,
/// records the configuration in dir.stage_record(kTrain), and trains (train.jobs > 1: starts that
/// many copies of this process, which claim the runs one at a time, and waits for them).
/// Exit code: 0 every run finished (ok or diverged), 1 some failed, 3 interrupted (resumable).
int run_train_stage(const SweepDir& dir, const Config& config, const TrainRequest& request);

/// Trains every run of `plan` not yet in dir.results() with `trainer`, in this process.
SweepSummary train_sweep(const SweepDir& dir, const Plan& plan, const RunTrainer& trainer);

}  // namespace ff
