// Running a plan into a sweep folder: every run not yet in results.csv, optionally one shard of
// them, each run's curve written before its row is appended, so that a killed sweep resumes where
// it stopped. The paths come from the sweep folder (pipeline/sweep_dir.h).
#pragma once

#include <functional>
#include <string>

#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"
#include "ff/train/run_outcome.h"

namespace ff {

struct SweepOptions {
  int shard_index = 0;             // this job runs runs i, i + n, i + 2n, ... (0-based)
  int shard_count = 1;
  bool retry_failed = false;       // drop failed rows first and run those runs again
};

/// Trains one run; its checkpoint (if the trainer keeps one) is files.checkpoint. Throwing marks
/// the run failed; the sweep goes on.
using RunTrainer = std::function<RunOutcome(const PlannedRun& run, const RunFiles& files)>;

struct SweepSummary {
  int total = 0;        // runs in this shard
  int skipped = 0;      // already in results.csv
  int ok = 0, diverged = 0, failed = 0;
  bool interrupted = false;  // a stop was requested; the run in progress left a checkpoint
};

/// Parses "i/n" (0 <= i < n) for --shard; ff::Error otherwise.
void parse_shard(const std::string& text, SweepOptions* options);

/// Trains the shard's unfinished runs of `plan` with `trainer`, one after the other: creates
/// dir.run(id).dir, writes its curve (files.curve) and, for a failed run, the error (files.error),
/// then appends the run's row to dir.results(). Stops after a run that was interrupted.
SweepSummary run_sweep(const Plan& plan, const SweepDir& dir, const SweepOptions& options, const RunTrainer& trainer);

/// Logs the summary line: runs in the shard, already done, ok, diverged, failed, interrupted.
void log_summary(const SweepSummary& summary);

}  // namespace ff
