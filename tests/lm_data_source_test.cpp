// The language-model data source: next-token windows, a deterministic order per seed, the
// held-out batches, token ids checked against the vocabulary, and the configured corpus loaded
// only on first use.
#include "ff/train/lm_data_source.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

TEST(LmDataSource, GivesNextTokenWindows) {
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
TEST(LmDataSource, FromConfigLoadsOnFirstUse) {
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
