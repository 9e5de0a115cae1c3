// Default AdamW groups and parameter counts of any module (see module_model.h).
#include "ff/train/module_model.h"

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
