// Running a plan with resume and sharding (see sweep_runner.h).
#include "ff/train/sweep_runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/results_file.h"
#include "ff/train/distributed.h"
#include "ff/train/run_claim.h"
#include "ff/train/stop_signal.h"

namespace ff {

void parse_shard(const std::string& text, SweepOptions* options) {
  check(parse_index_of(text, &options->shard_index, &options->shard_count),
        "--shard {}: expected i/n with 0 <= i < n (e.g. 0/4 ... 3/4, or $SLURM_ARRAY_TASK_ID/N)", text);
}

namespace {

RunResult result_row(const PlannedRun& run, const RunOutcome& out, double wall_seconds) {
  RunResult r;
  r.run_id = run.run_id;
  r.compute_budget = run.compute_budget;
  r.n_params = run.n_params;
  r.n_params_non_embedding = run.n_params_non_embedding;
  r.tokens = out.tokens_seen;
  r.flops = static_cast<double>(out.tokens_seen) * run.flops_per_token;
  r.final_loss = out.status == RunStatus::kOk ? out.final_loss : std::numeric_limits<double>::quiet_NaN();
  r.status = out.status;
  r.wall_seconds = wall_seconds;
  r.d_model = run.arch.d_model;
  r.n_layers = run.arch.n_layers;
  r.steps = run.steps;
  r.lr = run.lr;
  r.batch_size = run.batch_size;
  return r;
}

RunOutcome train_guarded(const PlannedRun& run, const RunFiles& files, const RunTrainer& trainer) {
  try {
    return trainer(run, files);
  } catch (const DistributedError&) {
    throw;  // a rank died: this process stops, the run is not failed
  } catch (const DiskFullError&) {
    throw;  // not the run's fault: the sweep stops (every later run would fail too) and resumes later
  } catch (const std::exception& e) {
    spdlog::error("run {} failed: {}", run.run_id, e.what());
    if (is_rank0()) write_file_atomic(files.error, std::string(e.what()) + "\n");
    RunOutcome failed;
    failed.status = RunStatus::kFailed;
    return failed;
  }
}

constexpr auto kPollInterval = std::chrono::milliseconds(200);  // while waiting for other processes' runs

// Trains one claimed run and records it: curve, then the results row (the claim is still held).
// Returns its status; kInterrupted leaves the checkpoint and writes nothing. With several ranks
// (distributed.h) every rank trains the run and rank 0 alone writes.
RunStatus train_claimed(const PlannedRun& run, const SweepDir& dir, const RunTrainer& trainer) {
  const RunFiles files = dir.run(run.run_id);
  if (is_rank0()) remove_stale_temporaries(files.dir);  // left by a killed holder of the claim
  const auto run_start = std::chrono::steady_clock::now();
  RunOutcome out = train_guarded(run, files, trainer);
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
  if (out.status == RunStatus::kInterrupted) {
    spdlog::warn("stopped during run {}: its checkpoint is {}; run ff-train again to resume", run.run_id,
                 files.checkpoint.string());
    return out.status;
  }
  if (!is_rank0()) return out.status;
  if (!out.curve.empty()) write_curve(files.curve, out.curve);
  append_result(dir.results(), result_row(run, out, wall));
  spdlog::info("{} {} loss {:.4f}", run.run_id, to_string(out.status), out.final_loss);
  return out.status;
}

void log_waiting(const std::vector<std::string>& busy) {
  spdlog::info("waiting for {} run(s) that other processes are training ({}{}); a run whose process ends "
               "unfinished is taken over", busy.size(), busy.front(), busy.size() > 1 ? ", ..." : "");
}

void count(SweepSummary& summary, RunStatus status) {
  if (status == RunStatus::kOk) ++summary.ok;
  if (status == RunStatus::kDiverged) ++summary.diverged;
  if (status == RunStatus::kFailed) ++summary.failed;
}

// The shard's runs not yet in results.csv, largest first (after dropping failed rows when
// retrying); counts the shard's runs and the finished ones into `summary`.
std::vector<const PlannedRun*> runs_to_do(const Plan& plan, const SweepDir& dir, const SweepOptions& o,
                                          SweepSummary& summary) {
  if (o.retry_failed) {
    const int dropped = drop_failed_results(dir.results());
    if (dropped > 0) spdlog::info("retrying {} failed runs", dropped);
  }
  std::vector<const PlannedRun*> queue = claim_order(plan, o.shard_index, o.shard_count);
  summary.total = static_cast<int>(queue.size());
  const auto finished = finished_runs(dir.results());
  queue.erase(std::remove_if(queue.begin(), queue.end(), [&](const PlannedRun* run) { return finished.count(run->run_id) > 0; }),
              queue.end());
  summary.skipped = summary.total - static_cast<int>(queue.size());
  if (summary.skipped > 0) spdlog::info("{} of {} runs already finished in {}", summary.skipped, summary.total, dir.results().string());
  return queue;
}

// The next run this process trains: claims one, waiting while the only runs left are claimed by
// other processes; std::nullopt when none is left or a stop signal ended the wait (then
// summary.interrupted).
std::optional<ClaimedRun> next_run(std::vector<const PlannedRun*>& queue, const SweepDir& dir, SweepSummary& summary) {
  std::vector<std::string> busy;
  std::optional<StopSignalGuard> waiting;  // while waiting for others' runs: a stop signal ends the wait
  while (!queue.empty()) {
    std::optional<ClaimedRun> next = claim_next_run(queue, dir, &summary.by_others, &busy);
    if (next) return next;
    if (busy.empty()) break;
    if (!waiting) {
      log_waiting(busy);
      waiting.emplace();
    }
    std::this_thread::sleep_for(kPollInterval);
    if (stop_signal() != 0) {
      summary.interrupted = true;  // nothing of this process's is in progress: exit as interrupted
      break;
    }
  }
  return std::nullopt;
}

}  // namespace

SweepSummary run_sweep(const Plan& plan, const SweepDir& dir, const SweepOptions& o, const RunTrainer& trainer) {
  const bool root = is_rank0();  // with several ranks (distributed.h) rank 0 claims the runs and writes
  SweepSummary summary;
  std::vector<const PlannedRun*> queue;
  if (root) queue = runs_to_do(plan, dir, o, summary);
  double flops_done = 0;  // by this process
  const auto start = std::chrono::steady_clock::now();
  while (true) {
    std::optional<ClaimedRun> claimed;
    if (root) claimed = next_run(queue, dir, summary);
    const int64_t index = broadcast_from_rank0(claimed ? static_cast<int64_t>(claimed->run - plan.runs.data()) : -1);
    if (index < 0) break;
    const PlannedRun& run = plan.runs[static_cast<size_t>(index)];
    const RunStatus status = train_claimed(run, dir, trainer);
    if (status == RunStatus::kInterrupted) {
      summary.interrupted = true;
      break;
    }
    if (!root) continue;
    count(summary, status);
    flops_done += run.flops;
    // The ETA weighs runs by their FLOPs: a sweep's runs differ in cost by orders of magnitude.
    double flops_left = 0;
    for (const PlannedRun* r : queue) flops_left += r->flops;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta = flops_done > 0 ? elapsed / flops_done * flops_left : 0.0;
    const int done = summary.skipped + summary.ok + summary.diverged + summary.failed + summary.by_others;
    spdlog::info("sweep: {}/{} runs done, ETA {:.0f} s", done, summary.total, eta);
  }
  return summary;
}

void log_summary(const SweepSummary& s) {
  spdlog::info("{} runs in this shard: {} already done, {} ok, {} diverged, {} failed, {} by other processes{}", s.total,
               s.skipped, s.ok, s.diverged, s.failed, s.by_others, s.interrupted ? "; interrupted (run again to resume)" : "");
}

}  // namespace ff
