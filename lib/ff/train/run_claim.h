// Claiming a run: the process that trains a run holds an exclusive lock (flock) on the file
// runs/<run_id>/claim for as long as it trains it. The kernel releases the lock when the process
// ends in any way, kill -9 included, so a killed process's run is taken over by the next process
// that asks. Any number of ff-train processes (train.jobs, Slurm tasks, two terminals) can share
// a sweep: each run is trained by one of them at a time. Torch-free.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ff/pipeline/sweep_dir.h"
#include "ff/plan/plan.h"

namespace ff {

/// A claim held by this process; released when destroyed.
class RunClaim {
 public:
  /// Takes the claim on `path` (created if missing) without waiting: std::nullopt when another
  /// process (or another RunClaim of this one) holds it; ff::Error naming `path` when the file
  /// cannot be created or locked. The file is never replaced, only locked and rewritten in place
  /// with "host pid" of the holder (for people reading it; the lock alone is the claim).
  static std::optional<RunClaim> try_take(const std::filesystem::path& path);

  RunClaim(RunClaim&& other) noexcept;
  RunClaim& operator=(RunClaim&& other) noexcept;
  RunClaim(const RunClaim&) = delete;
  RunClaim& operator=(const RunClaim&) = delete;
  ~RunClaim();

 private:
  explicit RunClaim(int fd) : fd_(fd) {}
  int fd_ = -1;
};

/// A run this process claimed and will train.
struct ClaimedRun {
  const PlannedRun* run = nullptr;
  RunClaim claim;
};

/// The runs of one shard in the order processes take them: largest planned FLOPs first (the
/// longest-processing-time rule, so that side-by-side jobs finish together), plan order on ties.
std::vector<const PlannedRun*> claim_order(const Plan& plan, int shard_index, int shard_count);

/// The sweep's scheduler, one step: claims the first run of `queue` that is not in results.csv and
/// not claimed by another process, re-reading results.csv after taking the claim (the holder
/// before us may have just finished it), and returns it. Runs found in results.csv leave `queue`
/// (their count is added to `*finished_elsewhere`); runs claimed by others stay in it and their
/// ids go to `*busy`. std::nullopt when no run can be claimed now.
std::optional<ClaimedRun> claim_next_run(std::vector<const PlannedRun*>& queue, const SweepDir& dir,
                                         int* finished_elsewhere, std::vector<std::string>* busy);

}  // namespace ff
