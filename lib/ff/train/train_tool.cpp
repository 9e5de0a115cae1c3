// ff-train's one library call (see train_tool.h).
#include "ff/train/train_tool.h"

#include <memory>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/data/dataset.h"
#include "ff/plan/plan.h"
#include "ff/tokenizer/tokenizer.h"
#include "ff/train/mock_trainer.h"
#include "ff/train/sweep.h"
#include "ff/train/train_settings.h"
#include "ff/train/trainer.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

std::shared_ptr<const TokenSplits> load_data(const TrainSettings& s) {
  const auto tokenizer = make_tokenizer(s.tokenizer_name, s.tokenizer_dir);
  return std::make_shared<const TokenSplits>(load_token_splits(s.data, *tokenizer));
}

// Every run's vocabulary must hold the tokenizer's ids; checked before any run starts.
void check_vocab(const Plan& plan, const TokenSplits& data, const std::string& tokenizer) {
  const int64_t vocab = plan.runs.empty() ? data.vocab_size : plan.runs.front().arch.vocab_size;
  check(vocab >= data.vocab_size,
        "model.vocab_size ({}) is smaller than tokenizer.name {}'s {} ids: re-plan with model.vocab_size={}", vocab,
        tokenizer, data.vocab_size, data.vocab_size);
  if (vocab > data.vocab_size) {
    spdlog::warn("model.vocab_size ({}) exceeds tokenizer.name {}'s {} ids: the unused embedding rows count as "
                 "parameters (plan with model.vocab_size={})", vocab, tokenizer, data.vocab_size, data.vocab_size);
  }
}

RunTrainer make_trainer(const TrainSettings& settings, const Plan& plan) {
  if (settings.mode == "mock") {
    return [settings](const PlannedRun& run, const fs::path&) { return mock_train(run, settings); };
  }
  check_device(settings.local.device);  // before the data: tokenizing a corpus can take minutes
  const auto data = load_data(settings);
  check_vocab(plan, *data, settings.tokenizer_name);
  spdlog::info("data: {} train and {} held-out tokens ({} tokenizer)", data->train.size(), data->valid.size(),
               settings.tokenizer_name);
  return [settings, data](const PlannedRun& run, const fs::path& dir) {
    TrainOptions options = settings.local;
    options.lr = run.lr;
    const RunSpec spec{run.run_id, run.arch, run.steps, run.batch_size, run.flops_per_token};
    return train_run(spec, options, data->train, data->valid, dir);
  };
}

}  // namespace

int train_tool(const CommonOptions& common, const Config& config, const TrainToolOptions& o) {
  const TrainSettings settings = read_train_settings(config);
  if (o.prepare_data) {
    const auto data = load_data(settings);
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
  const RunTrainer trainer = make_trainer(settings, plan);
  const SweepSummary s = run_sweep(plan, sweep, trainer);
  spdlog::info("{} runs in this shard: {} already done, {} ok, {} diverged, {} failed{}", s.total, s.skipped, s.ok,
               s.diverged, s.failed, s.interrupted ? "; interrupted (run again to resume)" : "");
  if (s.interrupted) return 3;
  return s.failed > 0 ? 1 : 0;
}

}  // namespace ff
