// The generic training loop on a model that is not a GPT (the examples' MLP and its teacher
// data): exact resume after a signal, the planned samples, the default AdamW groups, a loss that
// is not a scalar, and the LM data source's next-token windows.
#include "ff/train/train_module.h"

#include <csignal>
#include <filesystem>

#include <gtest/gtest.h>

#include "../examples/mlp_teacher.h"
#include "ff/train/lm_data_source.h"
#include "ff/train/model_contract.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

TrainOptions quick_options() {
  TrainOptions o;
  o.lr = 3e-3;
  o.weight_decay = 0.0;
  o.threads = 1;
  o.device = "cpu";
  o.checkpoint_interval = 20;
  return o;
}

RunOutcome train_mlp(const ModuleRunSpec& spec, const TrainOptions& o, const fs::path& dir) {
  mlp_teacher::TeacherData data;
  return train_module(spec, [] { return mlp_teacher::make_mlp(16); }, data, losses::mse, o, dir);
}

TEST(TrainModule, CustomModelResumesExactlyAfterASignal) {
  testing::TempDir dir;
  const ModuleRunSpec spec{"mlp", 60, 32, 6.0 * 465, "mlp h16"};
  TrainOptions o = quick_options();
  const RunOutcome straight = train_mlp(spec, o, dir.path() / "straight");
  ASSERT_EQ(straight.status, RunStatus::kOk);
  EXPECT_EQ(straight.tokens_seen, 60 * 32);  // one token per sample
  EXPECT_DOUBLE_EQ(straight.curve.back().flops, 6.0 * 465 * 60 * 32);
  EXPECT_LT(straight.final_loss, 0.5 * straight.curve.front().eval_loss);

  bool raised = false;
  o.after_step = [&](int64_t step) {
    if (step == 23 && !raised) {
      raised = true;
      std::raise(SIGTERM);
    }
  };
  const RunOutcome first = train_mlp(spec, o, dir.path() / "resumed");
  EXPECT_EQ(first.status, RunStatus::kInterrupted);
  EXPECT_EQ(first.tokens_seen, 23 * 32);
  const RunOutcome resumed = train_mlp(spec, o, dir.path() / "resumed");
  ASSERT_EQ(resumed.status, RunStatus::kOk);
  ASSERT_EQ(resumed.curve.size(), straight.curve.size());
  for (size_t i = 0; i < straight.curve.size(); ++i) {
    EXPECT_NEAR(resumed.curve[i].eval_loss, straight.curve[i].eval_loss, 1e-6) << i;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "resumed/checkpoint.pt"));
  // Another fingerprint does not resume this checkpoint.
  o.after_step = [](int64_t step) { if (step == 5) std::raise(SIGTERM); };
  ASSERT_EQ(train_mlp(spec, o, dir.path() / "other").status, RunStatus::kInterrupted);
  ModuleRunSpec other = spec;
  other.fingerprint = "mlp h16 lr 1";
  EXPECT_NE(testing::error_of([&] { train_mlp(other, quick_options(), dir.path() / "other"); })
                .find("checkpoint belongs to another run or other options"),
            std::string::npos);
}

TEST(TrainModule, RejectsALossThatIsNotAScalar) {
  testing::TempDir dir;
  mlp_teacher::TeacherData data;
  const auto squared = [](const torch::Tensor& y, const torch::Tensor& t) { return (y - t).pow(2); };
  EXPECT_EQ(testing::error_of([&] {
              train_module({"mlp", 5, 32, 1.0, ""}, [] { return mlp_teacher::make_mlp(8); }, data, squared,
                           quick_options(), dir.path());
            }),
            "run mlp: the loss function returned a tensor of shape [32, 1], not a scalar (hint: reduce it with "
            ".mean())");
}

TEST(TrainModule, DefaultGroupsDecayMatricesOnly) {
  mlp_teacher::Mlp mlp(8);
  const auto groups = default_param_groups(*mlp, 0.1);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].params.size(), 3u);  // the three weight matrices
  EXPECT_DOUBLE_EQ(groups[0].weight_decay, 0.1);
  EXPECT_EQ(groups[1].params.size(), 3u);  // the three biases
  EXPECT_DOUBLE_EQ(groups[1].weight_decay, 0.0);
  EXPECT_EQ(count_parameters(*mlp), 8 * 8 + 11 * 8 + 1);
  EXPECT_EQ(parameter_bytes(*mlp), 4 * count_parameters(*mlp));
}

TEST(TrainModule, LmDataSourceGivesNextTokenWindows) {
  std::vector<uint16_t> train(3000), valid(500);
  for (size_t i = 0; i < train.size(); ++i) train[i] = static_cast<uint16_t>(i % 250);
  for (size_t i = 0; i < valid.size(); ++i) valid[i] = static_cast<uint16_t>((7 * i) % 250);
  LmDataSource data(train, valid, 16, 200, 257);
  EXPECT_EQ(data.tokens_per_sample(), 16);
  const DataBatch b = data.train_batch(3, 4, 9);
  ASSERT_EQ(b.inputs.sizes(), (std::vector<int64_t>{4, 16}));
  EXPECT_TRUE(b.targets.narrow(1, 0, 15).equal(b.inputs.narrow(1, 1, 15)));       // y[t] = x[t + 1]
  EXPECT_TRUE(b.targets.select(1, 15).equal((b.inputs.select(1, 15) + 1) % 250));  // the stream's next token
  EXPECT_TRUE(b.inputs.equal(data.train_batch(3, 4, 9).inputs));
  EXPECT_FALSE(b.inputs.equal(data.train_batch(3, 4, 10).inputs));
  const auto eval = data.eval_batches(5);
  ASSERT_EQ(eval.size(), 3u);  // 12 windows of 16 in the first 200 tokens, by 5
  EXPECT_EQ(eval[2].inputs.size(0), 2);
  EXPECT_EQ(testing::error_of([&] { LmDataSource(train, valid, 16, 200, 100); }),
            "train tokens: id 249 is outside the model's vocabulary of 100 (hint: model.vocab_size must match the "
            "tokenizer)");
}

// The built-in corpus through the configuration: nothing is read until the first batch.
TEST(TrainModule, LmDataSourceFromConfigLoadsOnFirstUse) {
  testing::TempDir dir;
  Config config = Config::defaults();
  for (const std::string& o : {"data.cache_dir=" + (dir / "cache"), std::string("data.builtin_train_tokens=20000"),
                              std::string("data.builtin_valid_tokens=4000"), std::string("train.eval_tokens=1000")}) {
    config.merge_override(o);
  }
  const auto data = LmDataSource::from_config(config, 32);
  EXPECT_EQ(data->vocab_size(), 257);  // the byte tokenizer
  EXPECT_FALSE(fs::exists(dir / "cache"));
  const DataBatch b = data->train_batch(0, 2, 0);
  EXPECT_EQ(b.inputs.sizes(), (std::vector<int64_t>{2, 32}));
  EXPECT_LT(b.inputs.max().item<int64_t>(), 257);
  EXPECT_TRUE(fs::exists(dir / "cache/builtin-train-byte.bin"));
  EXPECT_EQ(data->eval_batches(64).front().inputs.size(0), (1000 - 1) / 32);
}

}  // namespace
}  // namespace ff
