// AdamW parameter groups (see optimizer.h).
#include "ff/train/optimizer.h"

#include <torch/torch.h>

#include "ff/common/error.h"

namespace ff {

GroupedAdamW::GroupedAdamW(const std::vector<ParamGroup>& groups, const LoopOptions& opts) {
  std::vector<torch::optim::OptimizerParamGroup> adam_groups;
  for (const auto& group : groups) {
    auto options = std::make_unique<torch::optim::AdamWOptions>(opts.lr * group.lr_mult);
    options->betas(std::make_tuple(opts.beta1, opts.beta2)).eps(opts.eps).weight_decay(group.weight_decay);
    adam_groups.emplace_back(group.params, std::move(options));
    peak_lr_.push_back(opts.lr * group.lr_mult);
  }
  check(!adam_groups.empty(), "optimizer: the model has no trainable parameters");
  adamw_ = std::make_unique<torch::optim::AdamW>(std::move(adam_groups), torch::optim::AdamWOptions(opts.lr));
}

void GroupedAdamW::set_lr_factor(double factor) {
  auto& groups = adamw_->param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    static_cast<torch::optim::AdamWOptions&>(groups[i].options()).lr(peak_lr_[i] * factor);
  }
}

}  // namespace ff
