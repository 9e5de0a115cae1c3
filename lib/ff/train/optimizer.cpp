// AdamW parameter groups per parametrization (see optimizer.h and ff/model/parametrization.h).
#include "ff/train/optimizer.h"

#include <torch/torch.h>

namespace ff {

GptOptimizer::GptOptimizer(Gpt& model, const TrainOptions& opts, Parametrization parametrization) {
  const auto infos = model->param_infos();
  const auto params = model->named_parameters();
  std::vector<torch::optim::OptimizerParamGroup> groups;
  for (size_t i = 0; i < infos.size(); ++i) {
    const ParamOptim rule = param_optim(parametrization, infos[i], model->arch().n_layers,
                                        opts.lr, opts.weight_decay);
    auto options = std::make_unique<torch::optim::AdamWOptions>(opts.lr * rule.lr_mult);
    options->betas(std::make_tuple(opts.beta1, opts.beta2)).eps(opts.eps)
        .weight_decay(rule.weight_decay);
    groups.emplace_back(std::vector<torch::Tensor>{params[infos[i].name]}, std::move(options));
    peak_lr_.push_back(opts.lr * rule.lr_mult);
  }
  adamw_ = std::make_unique<torch::optim::AdamW>(std::move(groups),
                                                 torch::optim::AdamWOptions(opts.lr));
}

void GptOptimizer::set_lr_factor(double factor) {
  auto& groups = adamw_->param_groups();
  for (size_t i = 0; i < groups.size(); ++i) {
    static_cast<torch::optim::AdamWOptions&>(groups[i].options()).lr(peak_lr_[i] * factor);
  }
}

}  // namespace ff
