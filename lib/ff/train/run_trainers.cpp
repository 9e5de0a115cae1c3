// Mock and local GPT trainers for a sweep (see run_trainers.h).
#include "ff/train/run_trainers.h"

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/tokenizer/tokenizer.h"
#include "ff/train/mock_trainer.h"
#include "ff/train/trainer.h"

namespace ff {

namespace fs = std::filesystem;

std::shared_ptr<const TokenSplits> load_gpt_data(const TrainSettings& s) {
  const auto tokenizer = make_tokenizer(s.tokenizer_name, s.tokenizer_dir);
  return std::make_shared<const TokenSplits>(load_token_splits(s.data, *tokenizer));
}

namespace {

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

// Local training builds only the built-in GPT: a custom model's runs need its factory.
void check_gpt_runs(const Plan& plan) {
  for (const auto& run : plan.runs) {
    check(!is_custom(run),
          "run {} trains a custom model ({}={:g}): train.mode local can train only the built-in GPT here (hint: "
          "train it with ff::find_optimal and your model factory, or use train.mode=mock)",
          run.run_id, run.size_name, run.size_value);
  }
}

}  // namespace

RunTrainer make_run_trainer(const TrainSettings& settings, const Plan& plan) {
  if (settings.mode == "mock") {
    return [settings](const PlannedRun& run, const fs::path&) { return mock_train(run, settings); };
  }
  check_gpt_runs(plan);
  check_device(settings.local.device);  // before the data: tokenizing a corpus can take minutes
  const auto data = load_gpt_data(settings);
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

}  // namespace ff
