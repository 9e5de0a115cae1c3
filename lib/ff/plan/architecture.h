// From a width or a target parameter count to a concrete GPT architecture.
#pragma once

#include "ff/plan/arch.h"
#include "ff/plan/plan_settings.h"

namespace ff {

/// The GPT of width `d_model` under `shape`: n_heads = d_model / head_size, n_layers =
/// max(1, round(d_model / aspect_ratio)), d_ff = ffn_mult d_model. ff::Error if head_size does
/// not divide d_model.
GptArch arch_for_width(int64_t d_model, const ModelShape& shape);

/// The architecture whose total parameter count is nearest to `target_params` (in log space),
/// over widths that are multiples of head_size up to max_d_model.
GptArch arch_for_params(double target_params, const ModelShape& shape);

}  // namespace ff
