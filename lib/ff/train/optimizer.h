// AdamW over the GPT with the parametrization's per-tensor learning rates and weight decay.
// Uses LibTorch: include only from torch translation units (the trainer, benches).
#pragma once

#include <memory>
#include <vector>

#include <torch/optim/adamw.h>

#include "ff/model/gpt.h"
#include "ff/train/trainer.h"

namespace ff {

class GptOptimizer {
 public:
  /// One AdamW group per parameter tensor: lr = opts.lr * lr_mult, weight decay per
  /// param_optim() (no decay on norms), betas/eps from opts.
  GptOptimizer(Gpt& model, const TrainOptions& opts, Parametrization parametrization);

  /// Sets every group's lr to its peak lr * `factor` (the schedule's multiplier).
  void set_lr_factor(double factor);

  torch::optim::AdamW& adamw() { return *adamw_; }

 private:
  std::unique_ptr<torch::optim::AdamW> adamw_;
  std::vector<double> peak_lr_;  // per group
};

}  // namespace ff
