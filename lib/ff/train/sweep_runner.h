// Running a plan into a sweep folder: every run not yet in results.csv, optionally one shard of
// them, largest first, each run claimed (run_claim.h) while it trains so that any number of
// processes can share the sweep, its curve written before its row is appended, so that a killed
// sweep resumes where it stopped. The paths come from the sweep folder (pipeline/sweep_dir.h).
#pragma once

#include <functional>
#include <string>

#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"
#include "ff/train/run_outcome.h"

namespace ff {

struct SweepOptions {
  int shard_index = 0;             // this process runs runs i, i + n, i + 2n, ... (0-based) of the plan
  int shard_count = 1;
  bool retry_failed = false;       // drop failed rows first and run those runs again
};

/// Trains one run; its checkpoint (if the trainer keeps one) is files.checkpoint. Throwing marks
/// the run failed and the sweep goes on, except for DiskFullError (and DistributedError): that
/// stops the sweep, leaving the run unfinished (its last checkpoint intact) for the next start.
using RunTrainer = std::function<RunOutcome(const PlannedRun& run, const RunFiles& files)>;

struct SweepSummary {
  int total = 0;        // runs in this shard
  int skipped = 0;      // already in results.csv when the sweep started
  int ok = 0, diverged = 0, failed = 0;  // trained by this process
  int by_others = 0;    // finished meanwhile by other processes sharing the sweep
  bool interrupted = false;  // a stop was requested; the run in progress left a checkpoint
};

/// Parses "i/n" (0 <= i < n) for --shard; ff::Error otherwise.
void parse_shard(const std::string& text, SweepOptions* options);

/// Trains the shard's unfinished runs of `plan` with `trainer`, one after the other, largest first:
/// claims the run (claim_next_run), writes its curve (files.curve) and, for a failed run, the error
/// (files.error), appends the run's row to dir.results(), then releases the claim. When the only
/// runs left are claimed by other processes it waits for them (polling), taking over any whose
/// process ended without finishing it, so that on return every run of the shard is in
/// results.csv. Stops after a run that was interrupted, or when a stop signal arrives while waiting.
/// A full disk (DiskFullError, from the trainer or a writer) is thrown to the caller with nothing
/// of the run recorded.
/// With several ranks of one data-parallel run (distributed.h), rank 0 claims each run and
/// broadcasts it; every rank trains it and rank 0 alone writes.
SweepSummary run_sweep(const Plan& plan, const SweepDir& dir, const SweepOptions& options, const RunTrainer& trainer);

/// Logs the summary line: runs in the shard, already done, ok, diverged, failed, by other processes,
/// interrupted.
void log_summary(const SweepSummary& summary);

}  // namespace ff
