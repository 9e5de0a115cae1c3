// GPT parameter counts and FLOPs per token (see arch.h for the formulas).
#include "ff/plan/arch.h"

namespace ff {

int64_t n_params_non_embedding(const GptArch& a) {
  const int64_t d = a.d_model;
  const int64_t per_block = 4 * d * d + 2 * d * a.d_ff + 2 * d;
  return a.n_layers * per_block + d;
}

int64_t n_params(const GptArch& a) {
  const int64_t embedding = a.vocab_size * a.d_model;
  const int64_t head = a.tied_embeddings ? 0 : a.vocab_size * a.d_model;
  return n_params_non_embedding(a) + embedding + head;
}

double flops_per_token_with_attention(const GptArch& a) {
  return 6.0 * static_cast<double>(n_params(a)) +
         6.0 * static_cast<double>(a.n_layers * a.seq_len * a.d_model);
}

double flops_per_token(const GptArch& a, FlopsConvention convention) {
  switch (convention) {
    case FlopsConvention::k6ND: return 6.0 * static_cast<double>(n_params(a));
    case FlopsConvention::k6NDNonEmbedding: return 6.0 * static_cast<double>(n_params_non_embedding(a));
    case FlopsConvention::k6NDAttention: return flops_per_token_with_attention(a);
  }
  return 0.0;
}

}  // namespace ff
