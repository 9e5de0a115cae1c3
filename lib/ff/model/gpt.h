// The GPT as a LibTorch module: token embedding, n_layers pre-norm blocks (RMSNorm, causal
// multi-head attention with rotary position embeddings, RMSNorm, GELU MLP), final RMSNorm and an
// output head tied to the embedding or not. No biases. Parametrization (sp | u-mup) decides the
// init and the forward multipliers (ff/model/parametrization.h).
// Include only from files that need LibTorch (the model, the trainer, benches, tests).
#pragma once

#include <string>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "ff/io/plan_file.h"
#include "ff/model/parametrization.h"

namespace ff {

/// One pre-norm transformer block: x + attn(norm(x)), then + mlp(norm(x)) (u-mup: weighted
/// residual sums). Parameters: attn_norm (C), wqkv (3C, C) = Wq, Wk, Wv stacked, wo (C, C),
/// mlp_norm (C), w_in (d_ff, C), w_out (C, d_ff): 4 C^2 + 2 C d_ff + 2 C.
class GptBlockImpl : public torch::nn::Module {
 public:
  /// fused_kernels: RMSNorm, the qkv -> rotary heads step and causal attention through
  /// ff/model/fused.h on the CPU.
  GptBlockImpl(const GptArch& arch, const ForwardScales& scales, int64_t layer, bool fused_kernels = true);
  /// x (B, T, C) -> (B, T, C). rope_cos/rope_sin (T, C/H/2); causal_bias (T, T), -inf above
  /// the diagonal and 0 elsewhere, added to the attention logits.
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& rope_cos,
                        const torch::Tensor& rope_sin, const torch::Tensor& causal_bias);

 private:
  torch::Tensor attention(const torch::Tensor& h, const torch::Tensor& rope_cos,
                          const torch::Tensor& rope_sin, const torch::Tensor& causal_bias);
  torch::Tensor mlp(const torch::Tensor& h);

  GptArch arch_;
  ForwardScales scales_;
  bool fused_;
  ResidualWeights attn_residual_, mlp_residual_;
  torch::Tensor attn_norm_, wqkv_, wo_, mlp_norm_, w_in_, w_out_;
};
TORCH_MODULE(GptBlock);

class GptImpl : public torch::nn::Module {
 public:
  /// Builds and initialises the model (draws from torch's global generator: seed it first).
  /// Throws ff::Error on an inconsistent arch (n_heads not dividing d_model, odd head size).
  /// fused_kernels (train.fused_kernels): on the CPU, RMSNorm, the split of the qkv projection
  /// into rotated heads, causal attention and (through loss) the head with the cross-entropy run
  /// as fused kernels (ff/model/fused.h): the same values, fewer operations and less memory.
  GptImpl(const GptArch& arch, Parametrization parametrization, bool fused_kernels = true);

  /// idx (B, T) int64 token ids, T <= arch.seq_len -> logits (B, T, V).
  /// If `block_inputs` is given it receives the residual stream entering each block and, last,
  /// the one entering the final norm (each (B, T, C)).
  /// Training FLOPs per token (forward + backward), as flops_per_token_with_attention(arch):
  ///   6 N + 6 n_layers T C
  /// 6 N: every parameter takes part in one multiply-add per token forward (2 FLOPs) and two
  /// backward (4 FLOPs) (Kaplan et al. 2020, Table 1; the embedding lookup is counted as a
  /// matmul, as in Hoffmann et al. 2022); 6 n_layers T C: the q.k scores and the weighted sum
  /// of v, 2 * 2 T C per layer forward, x3 with backward, without discounting the causal mask.
  torch::Tensor forward(const torch::Tensor& idx, std::vector<torch::Tensor>* block_inputs = nullptr);

  /// forward without the output head: the final-normed residual stream (B, T, C) that the head
  /// turns into logits. features then loss is forward then cross-entropy, fused on the CPU.
  torch::Tensor features(const torch::Tensor& idx, std::vector<torch::Tensor>* block_inputs = nullptr);

  /// Mean next-token cross-entropy (nats) of the logits of `features` (B, T, C) against targets
  /// (B, T): the same value as losses::next_token_cross_entropy(forward(idx), targets). With the
  /// fused kernels on the CPU the head and the loss are one step (fused_head_cross_entropy) and
  /// the (B, T, V) logits are never returned.
  torch::Tensor loss(const torch::Tensor& features, const torch::Tensor& targets);

  /// Every trainable tensor's role and fan-in, in named_parameters() order.
  std::vector<ParamInfo> param_infos() const;

  const GptArch& arch() const { return arch_; }
  Parametrization parametrization() const { return parametrization_; }

 private:
  void init_weights();

  GptArch arch_;
  Parametrization parametrization_;
  ForwardScales scales_;
  bool fused_;
  torch::Tensor tok_emb_, final_norm_, head_;  // head_ undefined when tied
  torch::nn::ModuleList blocks_;
  torch::Tensor rope_cos_, rope_sin_, causal_bias_;  // buffers, (T, C/H/2) and (T, T)
};
TORCH_MODULE(Gpt);

/// RMSNorm (Zhang & Sennrich 2019): x / sqrt(mean(x^2) + eps) * weight over the last dim.
torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight);

}  // namespace ff
