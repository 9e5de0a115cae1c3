// AdamW over parameter groups, each with its own peak learning rate and weight decay, scaled
// together by the schedule; and the GPT's groups under its parametrization.
// Uses LibTorch: include only from torch translation units (the trainer, benches).
#pragma once

#include <memory>
#include <vector>

#include <torch/optim/adamw.h>

#include "ff/model/gpt.h"
#include "ff/train/model_contract.h"
#include "ff/train/trainer.h"

namespace ff {

class GroupedAdamW {
 public:
  /// One AdamW group per ParamGroup: lr = opts.lr * lr_mult, its weight decay; betas/eps from opts.
  GroupedAdamW(const std::vector<ParamGroup>& groups, const TrainOptions& opts);

  /// Sets every group's lr to its peak lr * `factor` (the schedule's multiplier).
  void set_lr_factor(double factor);

  torch::optim::AdamW& adamw() { return *adamw_; }

 private:
  std::unique_ptr<torch::optim::AdamW> adamw_;
  std::vector<double> peak_lr_;  // per group
};

/// The GPT's groups: one per parameter tensor, in param_infos() order, with the lr multiplier and
/// weight decay of param_optim() (no decay on norms).
std::vector<ParamGroup> gpt_param_groups(Gpt& model, const TrainOptions& opts, Parametrization parametrization);

/// AdamW over the GPT with the parametrization's per-tensor learning rates and weight decay.
class GptOptimizer : public GroupedAdamW {
 public:
  GptOptimizer(Gpt& model, const TrainOptions& opts, Parametrization parametrization)
      : GroupedAdamW(gpt_param_groups(model, opts, parametrization), opts) {}
};

}  // namespace ff
