// Fused CPU kernels of the GPT, each a LibTorch autograd function with its own backward: one
// operation forward and one backward where the unfused LibTorch expression takes 6-25. On the
// demo's tiny models (11K-230K parameters) per-operation work, not arithmetic, bounds a step.
// Both take and return contiguous CPU tensors of float or double; the model uses the unfused
// expressions on other devices and when train.fused_kernels is false.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include <torch/types.h>

namespace ff {

/// The library of the fused kernels' float matrix products: "onednn" (oneDNN's sgemm, the
/// default where LibTorch loaded it) or "blas" (the Fortran BLAS), as the environment's FF_GEMM
/// asks; throws ff::Error naming FF_GEMM for any other value.
std::string gemm_backend();

/// A linear layer without bias: x (..., in) W^T with W (out, in) -> (..., out), forward and both
/// gradients one matrix product each through fused_detail::gemm (oneDNN's sgemm for float: at the
/// demo's shapes ~1.8x the rate of the OpenBLAS that torch::nn::functional::linear calls).
torch::Tensor fused_linear(const torch::Tensor& x, const torch::Tensor& weight);

/// RMSNorm (Zhang & Sennrich 2019) over the last dimension: x / sqrt(mean(x^2) + eps) * weight.
/// x (..., C), weight (C) -> (..., C). The same values as ff::rms_norm.
torch::Tensor fused_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps);

/// The attention heads of a fused qkv projection: qkv (B, T, 3C) = [q | k | v] -> q, k, v, each
/// (B, H, T, D) contiguous, D = C / H, with the rotary embedding (half-split layout: the pair
/// (x[i], x[i + D/2]) rotated by the angle whose cos and sin are cos[t][i], sin[t][i], (T, D/2))
/// applied to q and k, and q multiplied by q_scale. The same values as splitting, viewing,
/// transposing and rotating with narrow/cat (gpt.cpp), without the copies.
std::array<torch::Tensor, 3> fused_qkv_heads(const torch::Tensor& qkv, int64_t n_heads, const torch::Tensor& cos,
                                             const torch::Tensor& sin, double q_scale);

/// Causal self-attention of the heads q, k, v (B, H, T, D), q carrying the logit scale:
/// softmax(q k^T, keys up to the query's position) v, returned as (B, T, H D) with the heads
/// side by side (what the output projection takes). The same values as matmul, an added 0 / -inf
/// causal bias, softmax and matmul (gpt.cpp), without the (B, H, T, T) bias add and with the
/// products over the causal triangle only (in blocks of 64 queries); the probabilities (B, H, T, T)
/// are kept for the backward pass. For small T: memory grows as T^2.
torch::Tensor fused_causal_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v);

/// The output head and the mean cross-entropy in one step: mean over rows of
/// -log softmax(scale h W^T)[target], h (..., C), weight W (V, C), targets (...) int64 in [0, V).
/// The same value as linear, multiply by scale and cross_entropy; the logits (N, V) are one
/// buffer that, when gradients are wanted, holds their gradient after the forward pass (no
/// log-probabilities and no separate gradient tensors).
torch::Tensor fused_head_cross_entropy(const torch::Tensor& h, const torch::Tensor& weight,
                                       const torch::Tensor& targets, double scale);

}  // namespace ff
