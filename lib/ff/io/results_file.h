// results.csv: one row per finished run, appended durably so that a killed sweep loses at most
// the run in progress; and the minimal observations ff-analyze reads from any CSV.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ff {

/// How a run ended; results.csv's `status` column spells it as to_string gives it.
enum class RunStatus {
  kOk,           // "ok": finished; final_loss is the held-out loss at the end
  kDiverged,     // "diverged": the trainer found the loss diverging and stopped (not retried)
  kFailed,       // "failed": the trainer raised an error (runs/<run_id>/error.txt; --retry-failed)
  kInterrupted,  // "interrupted": stopped by a signal with a checkpoint; never written to results.csv
};

/// "ok", "diverged", "failed" or "interrupted"; anything else is an ff::Error naming `where`.
RunStatus parse_run_status(const std::string& name, const std::string& where);
std::string to_string(RunStatus status);

struct RunResult {
  std::string run_id;
  double compute_budget = 0;           // FLOPs
  int64_t n_params = 0;
  int64_t n_params_non_embedding = 0;
  int64_t tokens = 0;                  // tokens trained on
  double flops = 0;                    // FLOPs spent under the plan's convention
  double final_loss = 0;               // held-out loss at the end, nats/token (NaN unless ok)
  RunStatus status = RunStatus::kOk;
  double wall_seconds = 0;
  int64_t d_model = 0;
  int64_t n_layers = 0;
  int64_t steps = 0;
  double lr = 0;           // peak learning rate (0: the row comes from a results.csv without the column)
  int64_t batch_size = 0;  // sequences per step (0: likewise)
};

/// The columns of results.csv, in order. Files written before `lr` and `batch_size` existed lack
/// them: append_result then writes its rows with that file's columns, and read_results reads 0.
const std::vector<std::string>& results_columns();

/// Appends `result` to `path`: under an exclusive lock (shards may share the file), it drops a
/// partial last line left by a crash, writes the header into a new file, appends the row in one
/// write() and fsyncs. The row is durable when this returns.
void append_result(const std::filesystem::path& path, const RunResult& result);

/// run_id -> status for the complete rows of `path` (none if the file does not exist).
std::map<std::string, RunStatus> finished_runs(const std::filesystem::path& path);

/// Every complete row of results.csv (written by append_result), in file order; a missing column,
/// a value that is not a number or an unknown status is an ff::Error naming the file, line and column.
std::vector<RunResult> read_results(const std::filesystem::path& path);

/// Rewrites `path` without its failed rows (atomically), so that those runs are tried again.
/// Returns how many were dropped.
int drop_failed_results(const std::filesystem::path& path);

/// One run as ff-analyze needs it: any CSV with these four columns will do.
struct Observation {
  double compute_budget = 0;  // FLOPs
  double n_params = 0;
  double tokens = 0;
  double final_loss = 0;      // nats/token
  std::string run_id;         // "" when the CSV has none
  double lr = 0;              // peak learning rate; 0 when the CSV has no `lr` column
  double batch_size = 0;      // sequences per step; 0 when the CSV has no `batch_size` column
};

/// Reads the ok runs of a results CSV (rows whose `status`, if the column exists, is ok), with
/// `lr` and `batch_size` when the CSV has those columns (numbers >= 0; 0 = unknown).
/// Missing columns, non-numeric or non-finite values and an empty file are ff::Errors naming
/// the file, the line and the column.
std::vector<Observation> read_observations(const std::filesystem::path& path);

}  // namespace ff
