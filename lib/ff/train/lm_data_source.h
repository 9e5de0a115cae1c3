// The language-model data source: packed windows of T + 1 tokens over a train token stream
// (inputs x = w[0:T], next-token targets y = w[1:T+1], order from WindowSampler) and the first
// train.eval_tokens of a held-out stream. Over the built-in corpora and TinyStories via
// lib/ff/data/dataset.h, or over any two token streams. Uses LibTorch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "ff/data/dataset.h"
#include "ff/io/config.h"
#include "ff/train/batches.h"
#include "ff/train/model_contract.h"

namespace ff {

class LmDataSource : public DataSource {
 public:
  /// Over two existing streams (not copied: they must outlive the source). Throws ff::Error when
  /// a token id is >= vocab_size, the train stream cannot fill one window of T + 1 tokens, or
  /// eval_tokens of the valid stream cannot.
  LmDataSource(const std::vector<uint16_t>& train, const std::vector<uint16_t>& valid, int64_t seq_len,
               int64_t eval_tokens, int64_t vocab_size);

  /// Over the corpus of the configuration's data.* and tokenizer.* keys, windows of `seq_len`
  /// tokens, train.eval_tokens held out. The tokenizer loads now; the token streams (built into
  /// data.cache_dir when missing) load on first use, so a mock sweep never reads them.
  static std::shared_ptr<LmDataSource> from_config(const Config& config, int64_t seq_len);

  int64_t tokens_per_sample() const override { return seq_len_; }
  /// (B, T) int64 inputs and targets.
  DataBatch train_batch(int64_t step, int64_t batch_size, uint64_t seed) override;
  std::vector<DataBatch> eval_batches(int64_t batch_size) override;
  std::string describe() const override;

  /// Ids are below this (the tokenizer's vocabulary): the model's vocabulary must hold them.
  int64_t vocab_size() const { return vocab_size_; }

 private:
  LmDataSource(std::function<std::shared_ptr<const TokenSplits>()> loader, int64_t seq_len, int64_t eval_tokens,
               int64_t vocab_size);
  void load();  // runs the loader once and checks the streams

  std::function<std::shared_ptr<const TokenSplits>()> loader_;
  std::shared_ptr<const TokenSplits> owned_;
  const std::vector<uint16_t>* train_ = nullptr;
  const std::vector<uint16_t>* valid_ = nullptr;
  int64_t seq_len_, eval_tokens_, vocab_size_;
  std::optional<WindowSampler> sampler_;  // for sampler_seed_
  uint64_t sampler_seed_ = 0;
};

}  // namespace ff
