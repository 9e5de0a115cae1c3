// ff-train's one library call (see train_tool.h).
#include "ff/train/train_tool.h"

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/plan/plan.h"
#include "ff/train/mock_trainer.h"
#include "ff/train/sweep.h"
#include "ff/train/train_settings.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

RunTrainer make_trainer(const TrainSettings& settings) {
  if (settings.mode == "mock") {
    return [settings](const PlannedRun& run, const fs::path&) { return mock_train(run, settings); };
  }
  fail("train.mode: 'local' training is not available in this build; use train.mode=mock");
}

}  // namespace

int train_tool(const CommonOptions& common, const Config& config, const TrainToolOptions& o) {
  const TrainSettings settings = read_train_settings(config);
  SweepOptions sweep;
  if (!o.shard.empty()) parse_shard(o.shard, &sweep);
  const Plan plan = read_plan(in_dir(common, o.plan, "plan.json"));
  sweep.results = in_dir(common, o.results, "results.csv");
  sweep.runs_dir = fs::path(common.dir) / "runs";
  sweep.retry_failed = o.retry_failed;
  ensure_dir(sweep.runs_dir);
  if (sweep.results.has_parent_path()) ensure_dir(sweep.results.parent_path());
  write_effective_config(common, config);
  const RunTrainer trainer = make_trainer(settings);
  const SweepSummary s = run_sweep(plan, sweep, trainer);
  spdlog::info("{} runs in this shard: {} already done, {} ok, {} diverged, {} failed{}", s.total, s.skipped, s.ok,
               s.diverged, s.failed, s.interrupted ? "; interrupted (run again to resume)" : "");
  if (s.interrupted) return 3;
  return s.failed > 0 ? 1 : 0;
}

}  // namespace ff
