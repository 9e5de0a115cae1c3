// Running a plan with resume and sharding (see sweep_runner.h).
#include "ff/train/sweep_runner.h"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <limits>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/results_file.h"
#include "ff/train/distributed.h"

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
  return r;
}

RunOutcome train_guarded(const PlannedRun& run, const RunFiles& files, const RunTrainer& trainer) {
  try {
    return trainer(run, files);
  } catch (const DistributedError&) {
    throw;  // a rank died: this process stops, the run is not failed
  } catch (const std::exception& e) {
    spdlog::error("run {} failed: {}", run.run_id, e.what());
    if (is_rank0()) write_file_atomic(files.error, std::string(e.what()) + "\n");
    RunOutcome failed;
    failed.status = RunStatus::kFailed;
    return failed;
  }
}

// The plan indices of the shard's runs not yet in results.csv (after dropping failed rows when
// retrying); counts the shard's runs and the finished ones into `summary`.
std::vector<size_t> runs_to_do(const Plan& plan, const SweepDir& dir, const SweepOptions& o, SweepSummary& summary) {
  if (o.retry_failed) {
    const int dropped = drop_failed_results(dir.results());
    if (dropped > 0) spdlog::info("retrying {} failed runs", dropped);
  }
  const auto finished = finished_runs(dir.results());
  std::vector<size_t> todo;
  for (size_t i = 0; i < plan.runs.size(); ++i) {
    if (static_cast<int>(i % static_cast<size_t>(o.shard_count)) != o.shard_index) continue;
    ++summary.total;
    if (finished.count(plan.runs[i].run_id)) {
      ++summary.skipped;
    } else {
      todo.push_back(i);
    }
  }
  if (summary.skipped > 0) spdlog::info("{} of {} runs already finished in {}", summary.skipped, summary.total, dir.results().string());
  return todo;
}

}  // namespace

SweepSummary run_sweep(const Plan& plan, const SweepDir& dir, const SweepOptions& o, const RunTrainer& trainer) {
  const bool root = is_rank0();  // with several processes (distributed.h) rank 0 picks the runs and writes
  std::vector<size_t> todo;
  SweepSummary summary;
  if (root) todo = runs_to_do(plan, dir, o, summary);
  // The ETA weighs runs by their FLOPs: a sweep's runs differ in cost by orders of magnitude.
  double flops_left = 0, flops_done = 0;
  for (const size_t i : todo) flops_left += plan.runs[i].flops;
  const auto start = std::chrono::steady_clock::now();
  for (size_t k = 0;; ++k) {
    const int64_t next = broadcast_from_rank0(k < todo.size() ? static_cast<int64_t>(todo[k]) : -1);
    if (next < 0) break;
    const PlannedRun& run = plan.runs[static_cast<size_t>(next)];
    const RunFiles files = dir.run(run.run_id);
    if (root) ensure_dir(files.dir);
    const auto run_start = std::chrono::steady_clock::now();
    RunOutcome out = train_guarded(run, files, trainer);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - run_start).count();
    if (out.status == RunStatus::kInterrupted) {
      summary.interrupted = true;
      spdlog::warn("stopped during run {}: its checkpoint is {}; run ff-train again to resume", run.run_id,
                   files.checkpoint.string());
      break;
    }
    if (!root) continue;
    if (!out.curve.empty()) write_curve(files.curve, out.curve);
    append_result(dir.results(), result_row(run, out, wall));
    if (out.status == RunStatus::kOk) ++summary.ok;
    if (out.status == RunStatus::kDiverged) ++summary.diverged;
    if (out.status == RunStatus::kFailed) ++summary.failed;
    flops_done += run.flops;
    flops_left -= run.flops;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double eta = flops_done > 0 ? elapsed / flops_done * std::max(0.0, flops_left) : 0.0;
    spdlog::info("sweep: {}/{} runs done ({} {} loss {:.4f}), ETA {:.0f} s", k + 1, todo.size(), run.run_id,
                 to_string(out.status), out.final_loss, eta);
  }
  return summary;
}

void log_summary(const SweepSummary& s) {
  spdlog::info("{} runs in this shard: {} already done, {} ok, {} diverged, {} failed{}", s.total, s.skipped, s.ok,
               s.diverged, s.failed, s.interrupted ? "; interrupted (run again to resume)" : "");
}

}  // namespace ff
