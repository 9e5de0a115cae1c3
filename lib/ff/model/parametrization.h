// Parametrizations of the GPT: how weights are initialised, which constant multipliers the
// forward pass applies, and the per-parameter AdamW learning rates and weight decay.
//   sp    standard: N(0, 0.02) weights, unit norms, no multipliers, one learning rate.
//   u-mup Blake et al. 2024, "u-muP: The Unit-Scaled Maximal Update Parametrization"
//         (arXiv 2407.17465), following the reference implementation
//         graphcore-research/unit-scaling (unit_scaling/functional.py, _modules.py, optim.py,
//         core/functional.py). See parametrization.cpp for each rule and its source.
// Torch-free on purpose: the model and the trainer turn these numbers into tensors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ff/io/plan_file.h"

namespace ff {

enum class Parametrization { kSp, kUMup };

/// "sp" or "u-mup": the names of train.parametrization (read into the enum by read_train_settings).
std::string to_string(Parametrization p);

/// The constants the forward pass applies (all 1 under sp except the attention scale).
struct ForwardScales {
  double init_std = 0.02;          // std of every weight matrix at init (norm weights start at 1)
  double attn_logit_scale = 0.0;   // multiplies q.k: 1/sqrt(d_head) (sp) or 1/d_head (u-mup)
  bool unit_scaled = false;        // u-mup: hidden linears x fan_in^-1/2, GELU and attention
                                   // outputs rescaled, residual branches weighted by tau
  double readout_mult = 1.0;       // output head multiplier: 1 (sp) or 1/d_model (u-mup)
  double gelu_out_mult = 1.0;      // GELU output multiplier (u-mup: 1.7667, see .cpp)
};

/// The forward constants of `p` for `arch`.
ForwardScales forward_scales(Parametrization p, const GptArch& arch);

/// Hidden linear output multiplier: fan_in^-1/2 under u-mup, 1 under sp.
double linear_mult(const ForwardScales& s, int64_t fan_in);

/// u-mup attention output multiplier for a causal sequence of `seq_len` tokens, d_head
/// channels (unit_scaling.functional.scaled_dot_product_attention, mult = 1); 1 under sp.
double attention_out_mult(const ForwardScales& s, int64_t seq_len, int64_t d_head);

/// Weights of residual branch `index` (0 = first attention, 1 = first MLP, ... 2 L - 1):
/// x <- branch * f(norm(x)) + skip * x. sp: (1, 1).
struct ResidualWeights {
  double branch = 1.0;
  double skip = 1.0;
};
ResidualWeights residual_weights(const ForwardScales& s, int64_t index, int64_t n_layers);

/// What a parameter is, for the optimizer rules.
enum class ParamRole {
  kEmbedding,  // token embedding (V, C); also the head when tied
  kHidden,     // attention and MLP matrices inside the blocks
  kBlockNorm,  // RMSNorm weights inside the blocks (C)
  kFinalNorm,  // final RMSNorm weight (C)
  kReadout,    // untied output head (V, C)
};

/// One trainable tensor as the model reports it.
struct ParamInfo {
  std::string name;
  ParamRole role = ParamRole::kHidden;
  int64_t fan_in = 0;   // columns of a (out, in) matrix; C for embeddings (u-mup's convention)
  int64_t numel = 0;
};

/// AdamW settings of one parameter: lr = lr_mult * peak lr * schedule(step); per-step decay
/// p <- p * (1 - lr * weight_decay) as in torch.optim.AdamW.
struct ParamOptim {
  double lr_mult = 1.0;
  double weight_decay = 0.0;  // the AdamW coefficient for this parameter's group
};

/// The AdamW rule for `info` under `p`, given the run's peak lr and its weight_decay option.
/// sp: lr_mult 1, weight_decay on matrices only (coupled: per-step decay lr_t * wd).
/// u-mup: lr_mult from the paper's Adam rules; independent decay (per-step decay
/// wd * schedule(t), not scaled by any lr), none on norms.
ParamOptim param_optim(Parametrization p, const ParamInfo& info, int64_t n_layers,
                       double lr_peak, double weight_decay);

}  // namespace ff
