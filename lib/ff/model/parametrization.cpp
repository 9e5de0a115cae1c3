// sp and u-mup: init, forward multipliers, residual weights and AdamW rules (see the header).
//
// u-mup sources (Blake et al. 2024, arXiv 2407.17465, and graphcore-research/unit-scaling):
//  - every weight is initialised N(0, 1) (unit scaling), norm weights at 1;
//  - hidden linear: y = W x * fan_in^-1/2 (functional.linear, scale_power 0.5);
//  - readout: logits = W h * fan_in^-1 (functional.linear_readout, scale_power 1.0). This is the
//    one op u-mup leaves non-unit in the forward pass: logits have RMS ~ d_model^-1/2 at init,
//    the muP behaviour (output layer -> 0 with width);
//  - embedding: no forward multiplier (functional.embedding);
//  - attention: softmax(q.k * alpha_attn / d_head) with alpha_attn = 1, output rescaled by an
//    empirical model of its RMS (functional.scaled_dot_product_attention);
//  - GELU: output rescaled by an empirical model of its RMS (functional.gelu, mult = 1);
//  - residuals: residual_split/residual_add with tau from transformer_residual_scaling_rule
//    (residual_mult = 1, residual_attn_ratio = 1; paper Appendix G);
//  - Adam lrs (optim.lr_scale_func_adam): "weight" (hidden and embedding) x fan_in^-1/2 where an
//    embedding's fan_in is its output width d_model; norms x 1; output x 1; parameters inside the
//    transformer stack also x depth^-1/2 (depth-muP, DepthSequential sets mup_scaling_depth = L);
//  - weight decay independent of lr (optim.scaled_parameters, independent_weight_decay=True):
//    group coefficient wd / lr_group so that AdamW's per-step decay lr_t * wd / lr_group equals
//    wd * schedule(t).
// Only forward multipliers are implemented: unit scaling's backward-only scale factors (on
// weight gradients and the residual split) change gradient magnitudes but not Adam's
// scale-invariant updates (up to eps), so plain autograd gives the same training dynamics.
#include "ff/model/parametrization.h"

#include <cmath>

#include "ff/common/error.h"

namespace ff {
namespace {

// exp(alpha ln upper + (1 - alpha) ln lower): unit_scaling.core.functional.logarithmic_interpolation.
double log_interpolate(double alpha, double lower, double upper) {
  return std::exp(alpha * std::log(upper) + (1.0 - alpha) * std::log(lower));
}

// u-mup GELU output scale for mult = 1 (unit_scaling.functional.gelu): interpolates between 2
// and sqrt(2 / (1 - 1/pi)) with alpha = 1 / (1 + 0.25 / mult^2) = 0.8, giving 1.7668.
double umup_gelu_out_mult() {
  const double pi = std::acos(-1.0);
  return log_interpolate(0.8, 2.0, std::sqrt(2.0 / (1.0 - 1.0 / pi)));
}

// tau of residual branch `index` of 2 L branches (transformer_residual_scaling_rule with
// residual_mult = residual_attn_ratio = 1, so alpha_attn = alpha_mlp = 1):
// tau = 1 / sqrt(L + n_attn + n_mlp) = 1 / sqrt(L + index).
double umup_tau(int64_t index, int64_t n_layers) {
  return 1.0 / std::sqrt(static_cast<double>(n_layers + index));
}

}  // namespace

std::string to_string(Parametrization p) { return p == Parametrization::kSp ? "sp" : "u-mup"; }

ForwardScales forward_scales(Parametrization p, const GptArch& arch) {
  check(arch.n_heads > 0 && arch.d_model % arch.n_heads == 0,
        "model.n_heads ({}) must divide model.d_model ({})", arch.n_heads, arch.d_model);
  const double d_head = static_cast<double>(arch.d_model / arch.n_heads);
  ForwardScales s;
  if (p == Parametrization::kSp) {
    s.init_std = 0.02;
    s.attn_logit_scale = 1.0 / std::sqrt(d_head);  // Vaswani et al. 2017, eq. 1
    return s;
  }
  s.init_std = 1.0;
  s.unit_scaled = true;
  s.attn_logit_scale = 1.0 / d_head;  // muP attention (Yang et al. 2022), alpha_attn = 1
  s.readout_mult = 1.0 / static_cast<double>(arch.d_model);
  s.gelu_out_mult = umup_gelu_out_mult();
  return s;
}

double linear_mult(const ForwardScales& s, int64_t fan_in) {
  return s.unit_scaled ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 1.0;
}

// unit_scaling.functional.scaled_dot_product_attention with mult = 1, no dropout, causal:
// the output is divided by log_interpolate(alpha, sqrt(ln(T) / T), 1) with
// alpha = 1 / (1 + 4 d_head / mult^2): near-uniform causal attention averages ~T/ln T values.
double attention_out_mult(const ForwardScales& s, int64_t seq_len, int64_t d_head) {
  if (!s.unit_scaled) return 1.0;
  const double t = static_cast<double>(seq_len);
  const double alpha = 1.0 / (1.0 + 4.0 * static_cast<double>(d_head));
  const double lower = seq_len > 1 ? std::sqrt(std::log(t) / t) : 1.0;
  return 1.0 / log_interpolate(alpha, lower, 1.0);
}

// unit_scaling.functional.residual_add: x <- tau / sqrt(1 + tau^2) f + 1 / sqrt(1 + tau^2) x.
ResidualWeights residual_weights(const ForwardScales& s, int64_t index, int64_t n_layers) {
  if (!s.unit_scaled) return {};
  const double tau = umup_tau(index, n_layers);
  const double denom = std::sqrt(1.0 + tau * tau);
  return {tau / denom, 1.0 / denom};
}

ParamOptim param_optim(Parametrization p, const ParamInfo& info, int64_t n_layers,
                       double lr_peak, double weight_decay) {
  const bool is_norm = info.role == ParamRole::kBlockNorm || info.role == ParamRole::kFinalNorm;
  if (p == Parametrization::kSp) return {1.0, is_norm ? 0.0 : weight_decay};

  const double depth_mult =
      (info.role == ParamRole::kHidden || info.role == ParamRole::kBlockNorm)
          ? 1.0 / std::sqrt(static_cast<double>(n_layers))
          : 1.0;
  double width_mult = 1.0;  // norms and the readout ("output" type): 1
  if (info.role == ParamRole::kHidden || info.role == ParamRole::kEmbedding) {
    width_mult = 1.0 / std::sqrt(static_cast<double>(info.fan_in));
  }
  ParamOptim out;
  out.lr_mult = depth_mult * width_mult;
  check(lr_peak > 0.0, "u-mup weight decay: the peak lr ({}) must be positive", lr_peak);
  out.weight_decay = is_norm ? 0.0 : weight_decay / (lr_peak * out.lr_mult);
  return out;
}

}  // namespace ff
