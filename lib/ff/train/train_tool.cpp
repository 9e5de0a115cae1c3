// ff-train's one library call (see train_tool.h).
#include "ff/train/train_tool.h"

#include <spdlog/spdlog.h>

#include "ff/common/fs.h"
#include "ff/plan/plan.h"
#include "ff/train/run_trainers.h"
#include "ff/train/sweep.h"
#include "ff/train/train_settings.h"

namespace ff {

namespace fs = std::filesystem;

int train_tool(const CommonOptions& common, const Config& config, const TrainToolOptions& o) {
  const TrainSettings settings = read_train_settings(config);
  if (o.prepare_data) {
    const auto data = load_gpt_data(settings);
    spdlog::info("token caches ready in {}: {} train and {} held-out tokens", settings.data.cache_dir,
                 data->train.size(), data->valid.size());
    return 0;
  }
  SweepOptions sweep;
  if (!o.shard.empty()) parse_shard(o.shard, &sweep);
  const Plan plan = read_plan(in_dir(common, o.plan, "plan.json"));
  sweep.results = in_dir(common, o.results, "results.csv");
  sweep.runs_dir = fs::path(common.dir) / "runs";
  sweep.retry_failed = o.retry_failed;
  ensure_dir(sweep.runs_dir);
  if (sweep.results.has_parent_path()) ensure_dir(sweep.results.parent_path());
  write_effective_config(common, config);
  const SweepSummary s = run_sweep(plan, sweep, make_run_trainer(settings, plan));
  log_summary(s);
  if (s.interrupted) return 3;
  return s.failed > 0 ? 1 : 0;
}

}  // namespace ff
