// The GPT's output head and cross-entropy in one autograd function (see fused.h): logits
// (N, V) = scale h W^T by one matrix product; per row, in parallel, the log-sum-exp and the loss;
// when gradients are wanted, the same rows overwritten by the gradient of the mean loss,
// scale (softmax - onehot) / N, which the backward pass multiplies into grad_h = G W and
// grad_W = G^T h. One (N, V) buffer instead of the logits, log-probabilities and their gradients.
#include <algorithm>
#include <cmath>
#include <vector>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/fused.h"
#include "ff/model/fused_detail.h"

namespace ff {
namespace {

using fused_detail::gemm;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Row r of the logits -> its loss, log-sum-exp minus the target's logit; with `coef` != 0 the row
// becomes coef (softmax - onehot(target)).
template <typename T>
double row_loss(T* row, int64_t v, int64_t target, T coef) {
  const T target_logit = row[target];
  const T max = fused_detail::max_of(row, v);
  const T sum = fused_detail::exp_shifted_sum(row, v, max);  // the row now holds exp(logit - max)
  if (coef != T(0)) {
    const T k = coef / sum;
    for (int64_t j = 0; j < v; ++j) row[j] *= k;
    row[target] -= coef;
  }
  return static_cast<double>(max) + std::log(static_cast<double>(sum)) - static_cast<double>(target_logit);
}

struct HeadCrossEntropyFunction : torch::autograd::Function<HeadCrossEntropyFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& h_in, const torch::Tensor& w_in,
                               const torch::Tensor& targets_in, double scale, bool want_grad) {
    const auto h = h_in.contiguous(), w = w_in.contiguous();
    const auto targets = targets_in.contiguous();
    const int64_t c = h.size(-1), rows = h.numel() / c, v = w.size(0);
    auto logits = torch::empty({rows, v}, h.options());
    std::vector<double> losses(static_cast<size_t>(rows));
    AT_DISPATCH_FLOATING_TYPES(h.scalar_type(), "ff_head_cross_entropy", [&] {
      scalar_t* lp = logits.data_ptr<scalar_t>();
      gemm(false, true, rows, v, c, static_cast<scalar_t>(scale), h.data_ptr<scalar_t>(), c, w.data_ptr<scalar_t>(), c,
           scalar_t(0), lp, v);
      const int64_t* tp = targets.data_ptr<int64_t>();
      const auto coef = want_grad ? static_cast<scalar_t>(scale / static_cast<double>(rows)) : scalar_t(0);
      at::parallel_for(0, rows, 1, [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) losses[static_cast<size_t>(r)] = row_loss(lp + r * v, v, tp[r], coef);
      });
    });
    double total = 0.0;
    for (double loss : losses) total += loss;  // in row order: the same sum for any thread count
    if (want_grad) ctx->save_for_backward({h, w, logits});
    return torch::full({}, total / static_cast<double>(rows), h.options());
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &h = saved[0], &w = saved[1], &g = saved[2];  // g: d mean loss / d (h W^T), (N, V)
    const int64_t c = h.size(-1), rows = h.numel() / c, v = w.size(0);
    auto gh = torch::empty_like(h), gw = torch::empty_like(w);
    AT_DISPATCH_FLOATING_TYPES(h.scalar_type(), "ff_head_cross_entropy_backward", [&] {
      const auto gout = grads[0].item<scalar_t>();
      const scalar_t *hp = h.data_ptr<scalar_t>(), *wp = w.data_ptr<scalar_t>(), *gp = g.data_ptr<scalar_t>();
      gemm(false, false, rows, c, v, gout, gp, v, wp, c, scalar_t(0), gh.data_ptr<scalar_t>(), c);
      gemm(true, false, v, c, rows, gout, gp, v, hp, c, scalar_t(0), gw.data_ptr<scalar_t>(), c);
    });
    return {gh, gw, torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor fused_head_cross_entropy(const torch::Tensor& h, const torch::Tensor& weight,
                                       const torch::Tensor& targets, double scale) {
  fused_detail::check_cpu_float(h, "fused_head_cross_entropy");
  check(weight.dim() == 2 && weight.size(1) == h.size(-1) && weight.scalar_type() == h.scalar_type() &&
            targets.scalar_type() == torch::kLong && targets.numel() * h.size(-1) == h.numel() && h.numel() > 0,
        "fused_head_cross_entropy: features of shape {}, head of shape {} and targets of shape {}",
        fused_detail::dims(h), fused_detail::dims(weight), fused_detail::dims(targets));
  const int64_t v = weight.size(0);
  const auto [low, high] = torch::aminmax(targets);
  check(low.item<int64_t>() >= 0 && high.item<int64_t>() < v,
        "fused_head_cross_entropy: target ids from {} to {} outside the vocabulary [0, {})", low.item<int64_t>(),
        high.item<int64_t>(), v);
  const bool want_grad = torch::GradMode::is_enabled() && (h.requires_grad() || weight.requires_grad());
  return HeadCrossEntropyFunction::apply(h, weight, targets, scale, want_grad);
}

}  // namespace ff
