// GPT architecture description, parameter counts and FLOPs per token.
// These formulas are the single source of truth: ff-plan uses them to size runs and the model
// code (lib/ff/model) is tested against them over many shapes.
#pragma once

#include <cstdint>
#include <string>

namespace ff {

/// A decoder-only GPT: token embedding, n_layers pre-norm blocks (RMSNorm, causal multi-head
/// attention with rotary position embeddings, RMSNorm, GELU MLP), final RMSNorm, output head.
/// No biases; rotary embeddings have no parameters.
struct GptArch {
  int64_t vocab_size = 0;
  int64_t seq_len = 0;   // context length T, tokens
  int64_t d_model = 0;   // residual width C
  int64_t n_layers = 0;
  int64_t n_heads = 0;   // d_model / head size
  int64_t d_ff = 0;      // MLP hidden width
  bool tied_embeddings = false;  // output head shares the token embedding matrix
};

/// How training FLOPs are counted for a run of D tokens.
enum class FlopsConvention {
  k6ND,              // "6nd": C = 6 N D, N = all parameters (Hoffmann et al. 2022)
  k6NDNonEmbedding,  // "6nd_non_embedding": C = 6 N D, N = non-embedding parameters (Kaplan et al. 2020)
  k6NDAttention,     // "6nd_attention": C = (6 N + 6 n_layers T d_model) D (Kaplan et al. 2020, Table 1)
};

FlopsConvention parse_flops_convention(const std::string& name);  // throws ff::Error
std::string to_string(FlopsConvention convention);

/// Parameters outside the token embedding and the output head:
/// n_layers * (4 d^2 attention + 2 d d_ff MLP + 2 d norms) + d (final norm).
int64_t n_params_non_embedding(const GptArch& arch);

/// All trainable parameters: non-embedding + V d (embedding) + V d (head, unless tied).
int64_t n_params(const GptArch& arch);

/// Training FLOPs per token (forward + backward) under `convention`.
double flops_per_token(const GptArch& arch, FlopsConvention convention);

/// Training FLOPs per token as a hardware counter would see them: 6 N + 6 n_layers T d_model
/// (the attention score and value products), whatever convention the plan uses.
double flops_per_token_with_attention(const GptArch& arch);

}  // namespace ff
