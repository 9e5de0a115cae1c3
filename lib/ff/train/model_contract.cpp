// Default AdamW groups, parameter counts and the ready-made losses (see model_contract.h).
#include "ff/train/model_contract.h"

#include <torch/torch.h>

namespace ff {

std::vector<ParamGroup> default_param_groups(torch::nn::Module& module, double weight_decay) {
  ParamGroup decay{{}, 1.0, weight_decay}, no_decay{{}, 1.0, 0.0};
  for (auto& p : module.parameters()) {
    if (!p.requires_grad()) continue;
    (p.dim() >= 2 ? decay : no_decay).params.push_back(p);  // biases and norm gains: no decay
  }
  std::vector<ParamGroup> groups;
  if (!decay.params.empty()) groups.push_back(std::move(decay));
  if (!no_decay.params.empty()) groups.push_back(std::move(no_decay));
  return groups;
}

std::string shape_text(const torch::Tensor& tensor) {
  if (!tensor.defined()) return "(undefined)";
  std::string text = "[";
  for (int64_t d = 0; d < tensor.dim(); ++d) text += (d > 0 ? ", " : "") + std::to_string(tensor.size(d));
  return text + "]";
}

int64_t count_parameters(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) {
    if (p.requires_grad()) n += p.numel();
  }
  return n;
}

int64_t parameter_bytes(const torch::nn::Module& module) {
  int64_t bytes = 0;
  for (const auto& p : module.parameters()) bytes += p.numel() * static_cast<int64_t>(p.element_size());
  return bytes;
}

}  // namespace ff

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
