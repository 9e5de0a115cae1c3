// Deterministic packed windows for training and evaluation (see batches.h).
#include "ff/train/batches.h"

#include <algorithm>
#include <random>

#include "ff/common/error.h"

namespace ff {
namespace {

// splitmix64 (Steele et al. 2014): decorrelates the per-epoch seeds.
uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Uniform integer in [0, n) by rejection: the same on every platform, unlike
// std::uniform_int_distribution.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t r = rng();
  while (r >= limit) r = rng();
  return r % n;
}

}  // namespace

WindowSampler::WindowSampler(int64_t n_tokens, int64_t seq_len, uint64_t seed)
    : seq_len_(seq_len), seed_(seed) {
  check(seq_len > 0 && n_tokens >= seq_len + 1,
        "train tokens: {} tokens cannot fill one window of seq_len + 1 = {} tokens", n_tokens,
        seq_len + 1);
  // Keep one window's worth of slack where possible so each epoch's grid can shift by [0, T).
  const int64_t max_windows = (n_tokens - 1) / seq_len;
  n_windows_ = max_windows >= 2 ? max_windows - 1 : 1;
  slack_ = (n_tokens - 1) - n_windows_ * seq_len;  // >= T when max_windows >= 2
}

void WindowSampler::prepare_epoch(int64_t epoch) {
  if (epoch == epoch_) return;
  std::mt19937_64 rng(splitmix64(seed_ ^ splitmix64(static_cast<uint64_t>(epoch))));
  offset_ = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(std::min(slack_, seq_len_ - 1) + 1)));
  order_.resize(static_cast<size_t>(n_windows_));
  for (int64_t i = 0; i < n_windows_; ++i) order_[static_cast<size_t>(i)] = i;
  for (int64_t i = n_windows_ - 1; i > 0; --i) {  // Fisher-Yates
    const auto j = static_cast<int64_t>(uniform_below(rng, static_cast<uint64_t>(i + 1)));
    std::swap(order_[static_cast<size_t>(i)], order_[static_cast<size_t>(j)]);
  }
  epoch_ = epoch;
}

int64_t WindowSampler::window_start(int64_t step, int64_t row, int64_t batch_size) {
  const int64_t global = step * batch_size + row;  // index of this window in the whole run
  prepare_epoch(global / n_windows_);
  return offset_ + order_[static_cast<size_t>(global % n_windows_)] * seq_len_;
}

std::vector<int64_t> WindowSampler::batch_starts(int64_t step, int64_t batch_size) {
  std::vector<int64_t> starts(static_cast<size_t>(batch_size));
  for (int64_t row = 0; row < batch_size; ++row) {
    starts[static_cast<size_t>(row)] = window_start(step, row, batch_size);
  }
  return starts;
}

Batch make_batch(const std::vector<uint16_t>& tokens, const std::vector<int64_t>& starts,
                 int64_t seq_len) {
  Batch batch{static_cast<int64_t>(starts.size()), seq_len, {}, {}};
  batch.inputs.reserve(starts.size() * static_cast<size_t>(seq_len));
  batch.targets.reserve(starts.size() * static_cast<size_t>(seq_len));
  for (const int64_t start : starts) {
    check(start >= 0 && start + seq_len + 1 <= static_cast<int64_t>(tokens.size()),
          "batches: window [{}, {}) lies outside the {} tokens", start, start + seq_len + 1,
          tokens.size());
    for (int64_t t = 0; t < seq_len; ++t) {
      batch.inputs.push_back(tokens[static_cast<size_t>(start + t)]);
      batch.targets.push_back(tokens[static_cast<size_t>(start + t + 1)]);  // the next token
    }
  }
  return batch;
}

std::vector<int64_t> eval_window_starts(int64_t n_tokens, int64_t eval_tokens, int64_t seq_len) {
  const int64_t used = std::min(n_tokens, eval_tokens);
  const int64_t n_windows = used >= seq_len + 1 ? (used - 1) / seq_len : 0;
  check(n_windows > 0,
        "valid tokens: train.eval_tokens ({}) of {} held-out tokens cannot fill one window of "
        "seq_len + 1 = {} tokens (hint: raise train.eval_tokens or provide more validation text)",
        eval_tokens, n_tokens, seq_len + 1);
  std::vector<int64_t> starts(static_cast<size_t>(n_windows));
  for (int64_t k = 0; k < n_windows; ++k) starts[static_cast<size_t>(k)] = k * seq_len;
  return starts;
}

}  // namespace ff
