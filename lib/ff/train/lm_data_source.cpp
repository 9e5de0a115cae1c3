// Packed next-token windows over token streams (see lm_data_source.h).
#include "ff/train/lm_data_source.h"

#include <algorithm>

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/tokenizer/tokenizer.h"
#include "ff/train/train_settings.h"

namespace ff {
namespace {

void validate_tokens(const std::vector<uint16_t>& tokens, int64_t vocab, const char* which) {
  const auto max_it = std::max_element(tokens.begin(), tokens.end());
  check(max_it == tokens.end() || *max_it < vocab,
        "{} tokens: id {} is outside the model's vocabulary of {} (hint: model.vocab_size must "
        "match the tokenizer)", which, max_it == tokens.end() ? 0 : *max_it, vocab);
}

// (B, T) int64 inputs and next-token targets.
DataBatch to_tensors(const Batch& batch) {
  const std::vector<int64_t> shape{batch.batch_size, batch.seq_len};
  return {torch::tensor(batch.inputs, torch::kLong).view(shape), torch::tensor(batch.targets, torch::kLong).view(shape)};
}

}  // namespace

LmDataSource::LmDataSource(const std::vector<uint16_t>& train, const std::vector<uint16_t>& valid, int64_t seq_len,
                           int64_t eval_tokens, int64_t vocab_size)
    : train_(&train), valid_(&valid), seq_len_(seq_len), eval_tokens_(eval_tokens), vocab_size_(vocab_size) {
  load();
}

LmDataSource::LmDataSource(std::function<std::shared_ptr<const TokenSplits>()> loader, int64_t seq_len,
                           int64_t eval_tokens, int64_t vocab_size)
    : loader_(std::move(loader)), seq_len_(seq_len), eval_tokens_(eval_tokens), vocab_size_(vocab_size) {}

std::shared_ptr<LmDataSource> LmDataSource::from_config(const Config& config, int64_t seq_len) {
  const TrainSettings s = read_train_settings(config);
  check(seq_len >= 1, "lm data: seq_len ({}) must be at least 1 token", seq_len);
  std::shared_ptr<const Tokenizer> tokenizer = make_tokenizer(s.tokenizer_name, s.tokenizer_dir);
  auto loader = [data = s.data, tokenizer] {
    auto splits = std::make_shared<const TokenSplits>(load_token_splits(data, *tokenizer));
    spdlog::info("data: {} train and {} held-out tokens ({} tokenizer)", splits->train.size(), splits->valid.size(),
                 tokenizer->name());
    return splits;
  };
  return std::shared_ptr<LmDataSource>(
      new LmDataSource(std::move(loader), seq_len, s.local.eval_tokens, tokenizer->vocab_size()));
}

void LmDataSource::load() {
  if (loader_ && !owned_) {
    owned_ = loader_();
    train_ = &owned_->train;
    valid_ = &owned_->valid;
  }
  if (sampler_) return;  // checked already
  validate_tokens(*train_, vocab_size_, "train");
  validate_tokens(*valid_, vocab_size_, "valid");
  sampler_.emplace(static_cast<int64_t>(train_->size()), seq_len_, sampler_seed_);  // checks one window fits
  eval_window_starts(static_cast<int64_t>(valid_->size()), eval_tokens_, seq_len_);  // the same for eval
}

DataBatch LmDataSource::train_batch(int64_t step, int64_t batch_size, uint64_t seed) {
  load();
  if (seed != sampler_seed_) {
    sampler_.emplace(static_cast<int64_t>(train_->size()), seq_len_, seed);
    sampler_seed_ = seed;
  }
  return to_tensors(make_batch(*train_, sampler_->batch_starts(step, batch_size), seq_len_));
}

std::vector<DataBatch> LmDataSource::eval_batches(int64_t batch_size) {
  load();
  const auto starts = eval_window_starts(static_cast<int64_t>(valid_->size()), eval_tokens_, seq_len_);
  std::vector<DataBatch> batches;
  for (size_t first = 0; first < starts.size(); first += static_cast<size_t>(batch_size)) {
    const size_t last = std::min(starts.size(), first + static_cast<size_t>(batch_size));
    const std::vector<int64_t> chunk(starts.begin() + static_cast<std::ptrdiff_t>(first),
                                     starts.begin() + static_cast<std::ptrdiff_t>(last));
    batches.push_back(to_tensors(make_batch(*valid_, chunk, seq_len_)));
  }
  return batches;
}

std::string LmDataSource::describe() const {
  return fmt::format("lm T={} eval_tokens={} vocab={}", seq_len_, eval_tokens_, vocab_size_);
}

}  // namespace ff
