// AdamW over parameter groups, each with its own peak learning rate and weight decay, scaled
// together by the schedule, over flat buffers: every parameter and its gradient are views into one
// contiguous buffer per dtype and device, ordered so that the parameters of one (lr, weight decay)
// pair lie side by side. A step is a handful of tensor operations over those buffers (moments over
// the whole buffer, the decay and the update per pair) instead of a dozen per parameter tensor;
// zero_grad and gradient clipping are one operation each. Uses LibTorch: include only from torch
// translation units (the loop, the checkpoints, benches).
#pragma once

#include <cstdint>
#include <vector>

#include <torch/serialize/archive.h>
#include <torch/types.h>

#include "ff/train/loop_options.h"
#include "ff/train/model_contract.h"

namespace ff {

class GroupedAdamW {
 public:
  /// lr = opts.lr * lr_mult and the weight decay of each ParamGroup; betas and eps from opts.
  /// Moves every parameter of `groups` (those that require a gradient) into the flat buffers, and
  /// gives each a zero gradient that is a view into the flat gradient buffer. Throws ff::Error when
  /// the groups hold no trainable parameter or one parameter twice.
  GroupedAdamW(const std::vector<ParamGroup>& groups, const LoopOptions& opts);

  /// Sets every group's lr to its peak lr * `factor` (the schedule's multiplier).
  void set_lr_factor(double factor);

  /// Zeroes every gradient (one fill per flat buffer; the gradients stay views into it).
  void zero_grad();

  /// Scales the gradients so that their global L2 norm is at most `max_norm`
  /// (torch.nn.utils.clip_grad_norm_: coefficient max_norm / (norm + 1e-6), if below 1).
  void clip_grad_norm(double max_norm);

  /// One AdamW update (Loshchilov & Hutter 2019; torch.optim.AdamW): p <- p (1 - lr wd), then
  /// p <- p - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps).
  void step();

  /// The flat gradient buffers (one per dtype and device; one for a float32 model): every
  /// parameter's .grad() is a view into them, so an all-reduce of these is one of all gradients.
  std::vector<torch::Tensor> flat_grads() const;

  /// Optimizer steps taken.
  int64_t steps() const { return step_; }

  /// Writes the step count and the moments.
  void save(torch::serialize::OutputArchive& archive) const;
  /// Reads what save wrote, and moves the parameters back into the flat buffers: call it after
  /// loading the model (Module::load points parameters at the loaded tensors). Throws ff::Error
  /// if the saved moments do not fit these parameters.
  void load(torch::serialize::InputArchive& archive);

 private:
  struct Bucket {           // the parameters of one (lr, weight decay) pair: [begin, end) of a Flat
    int64_t begin = 0, end = 0;
    double peak_lr = 0.0, lr = 0.0, weight_decay = 0.0;
  };
  struct Flat {             // one dtype and device
    std::vector<torch::Tensor> params;  // in buffer order
    std::vector<int64_t> offsets;       // element offset of each parameter
    std::vector<Bucket> buckets;
    torch::Tensor param, grad, exp_avg, exp_avg_sq, denom;  // (numel) each; denom: scratch of step()
  };

  void bind_params(Flat& flat);  // copies the parameters' values in and makes them views

  std::vector<Flat> flats_;
  double beta1_, beta2_, eps_;
  int64_t step_ = 0;
};

}  // namespace ff
