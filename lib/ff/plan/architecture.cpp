// From a width or a target parameter count to a GPT architecture (see architecture.h).
#include "ff/plan/architecture.h"

#include <cmath>

#include "ff/common/error.h"

namespace ff {

GptArch arch_for_width(int64_t d_model, const ModelShape& shape) {
  check(d_model % shape.head_size == 0,
        "model.head_size ({}) does not divide d_model ({}): widths must be multiples of the head size",
        shape.head_size, d_model);
  GptArch a;
  a.vocab_size = shape.vocab_size;
  a.seq_len = shape.seq_len;
  a.d_model = d_model;
  a.n_heads = d_model / shape.head_size;
  a.n_layers = std::max<int64_t>(1, std::llround(static_cast<double>(d_model) / shape.aspect_ratio));
  a.d_ff = shape.ffn_mult * d_model;
  a.tied_embeddings = shape.tied_embeddings;
  return a;
}

GptArch arch_for_params(double target_params, const ModelShape& shape) {
  GptArch best = arch_for_width(shape.head_size, shape);
  double best_gap = std::fabs(std::log(static_cast<double>(n_params(best)) / target_params));
  for (int64_t d = 2 * shape.head_size; d <= shape.max_d_model; d += shape.head_size) {
    const GptArch a = arch_for_width(d, shape);
    const double gap = std::fabs(std::log(static_cast<double>(n_params(a)) / target_params));
    if (gap < best_gap) {
      best = a;
      best_gap = gap;
    }
    if (static_cast<double>(n_params(a)) > 4.0 * target_params) break;  // counts grow with width
  }
  return best;
}

}  // namespace ff
