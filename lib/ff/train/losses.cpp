// Ready-made loss functions (see losses.h).
#include "ff/train/losses.h"

#include <torch/torch.h>

namespace ff::losses {

torch::Tensor cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets) {
  return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}));
}

torch::Tensor next_token_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets) {
  return cross_entropy(logits, targets);
}

torch::Tensor mse(const torch::Tensor& predictions, const torch::Tensor& targets) {
  return torch::mse_loss(predictions, targets);
}

}  // namespace ff::losses
