// Ready-made loss functions for the generic loop and ff::find_optimal (ff::LossFn): each takes
// the model's output and the targets and returns the batch mean as a scalar tensor.
// Uses LibTorch: include only from torch translation units.
#pragma once

#include <torch/types.h>

namespace ff::losses {

/// Mean cross-entropy, nats per prediction, of logits (..., K) against class ids (...) (int64):
/// next-token prediction with logits (B, T, V) and targets (B, T), or classification (B, K), (B).
torch::Tensor cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets);

/// The language-model loss: cross_entropy of logits (B, T, V) against next tokens (B, T).
torch::Tensor next_token_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets);

/// Mean squared error of predictions and targets of the same shape.
torch::Tensor mse(const torch::Tensor& predictions, const torch::Tensor& targets);

}  // namespace ff::losses
