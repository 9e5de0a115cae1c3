// Where a run's batches come from: any dataset that can hand out the batch of optimizer step s
// deterministically (so that a resumed run sees the same data) and a fixed held-out set.
// The built-in corpora are one implementation (lm_data_source.h). Uses LibTorch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/types.h>

namespace ff {

/// Inputs and targets of B samples, on the CPU (the training loop moves them to its device).
struct DataBatch {
  torch::Tensor inputs;   // (B, ...) what Model::forward takes
  torch::Tensor targets;  // (B, ...) what the loss compares the output with
};

class DataSource {
 public:
  virtual ~DataSource() = default;

  /// How many "tokens" one sample counts for in D (and so in C = 6 N D): a language-model window
  /// of T tokens counts T; one example of a regression or classification task counts 1.
  virtual int64_t tokens_per_sample() const = 0;

  /// The `batch_size` samples of optimizer step `step` (0-based): a pure function of
  /// (seed, step, batch_size), so that a run resumed from a checkpoint trains on the same data.
  virtual DataBatch train_batch(int64_t step, int64_t batch_size, uint64_t seed) = 0;

  /// The fixed held-out set, the same for every run and every evaluation, cut into batches of at
  /// most `batch_size` samples. The held-out loss is the mean of the loss over its batches,
  /// weighted by their sample counts.
  virtual std::vector<DataBatch> eval_batches(int64_t batch_size) = 0;

  /// A short description for logs and checkpoint fingerprints, e.g. "lm T=256".
  virtual std::string describe() const { return "custom data"; }
};

}  // namespace ff
