// AdamW over parameter groups, each with its own peak learning rate and weight decay, scaled
// together by the schedule. Uses LibTorch: include only from torch translation units (the loop, benches).
#pragma once

#include <memory>
#include <vector>

#include <torch/optim/adamw.h>

#include "ff/train/loop_options.h"
#include "ff/train/model_contract.h"

namespace ff {

class GroupedAdamW {
 public:
  /// One AdamW group per ParamGroup: lr = opts.lr * lr_mult, its weight decay; betas/eps from opts.
  GroupedAdamW(const std::vector<ParamGroup>& groups, const LoopOptions& opts);

  /// Sets every group's lr to its peak lr * `factor` (the schedule's multiplier).
  void set_lr_factor(double factor);

  torch::optim::AdamW& adamw() { return *adamw_; }

 private:
  std::unique_ptr<torch::optim::AdamW> adamw_;
  std::vector<double> peak_lr_;  // per group
};

}  // namespace ff
