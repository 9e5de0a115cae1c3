// GPT parameter counts and FLOPs per token (the architecture record, GptArch, is in io/plan_file.h).
// These formulas are the single source of truth: ff-plan uses them to size runs and the model
// code (lib/ff/model) is tested against them over many shapes.
#pragma once

#include <cstdint>

#include "ff/io/plan_file.h"  // GptArch, FlopsConvention

namespace ff {

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
