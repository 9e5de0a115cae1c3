// Training and evaluation windows over a token stream. A window is T + 1 consecutive tokens:
// inputs x = w[0:T], targets y = w[1:T+1] (the next token), packed with no padding.
// The training order is a pure function of (seed, step), so a resumed run sees the same batches.
#pragma once

#include <cstdint>
#include <vector>

namespace ff {

/// One batch, row-major (B, T): inputs[b * T + t] = tokens[start_b + t],
/// targets[b * T + t] = tokens[start_b + t + 1].
struct Batch {
  int64_t batch_size = 0;
  int64_t seq_len = 0;
  std::vector<int64_t> inputs;
  std::vector<int64_t> targets;
};

/// Deterministic window order: epoch e visits every window of a grid with stride T, shifted
/// by an offset in [0, T) drawn for that epoch, in a permutation drawn for that epoch; both come
/// from mt19937_64 seeded with splitmix64(seed, e). Runs longer than one epoch wrap into the
/// next one, so a run always trains on exactly steps * B * T tokens.
class WindowSampler {
 public:
  /// Throws ff::Error when the stream holds fewer than seq_len + 1 tokens.
  WindowSampler(int64_t n_tokens, int64_t seq_len, uint64_t seed);

  int64_t windows_per_epoch() const { return n_windows_; }
  /// Start (token offset) of the window used as row `row` of optimizer step `step`.
  int64_t window_start(int64_t step, int64_t row, int64_t batch_size);
  /// The B starts of step `step`.
  std::vector<int64_t> batch_starts(int64_t step, int64_t batch_size);

 private:
  void prepare_epoch(int64_t epoch);

  int64_t seq_len_, n_windows_, slack_;  // slack_: room for the epoch offset, tokens
  uint64_t seed_;
  int64_t epoch_ = -1;                   // epoch whose order is cached
  int64_t offset_ = 0;
  std::vector<int64_t> order_;           // window indices of epoch_, permuted
};

/// Gathers the windows at `starts` into a batch.
Batch make_batch(const std::vector<uint16_t>& tokens, const std::vector<int64_t>& starts,
                 int64_t seq_len);

/// The fixed held-out windows: the first `eval_tokens` tokens (or all, if fewer) cut into
/// consecutive windows with stride T: starts 0, T, 2T, ... Throws ff::Error if none fits.
std::vector<int64_t> eval_window_starts(int64_t n_tokens, int64_t eval_tokens, int64_t seq_len);

}  // namespace ff
