// Fused causal self-attention for small T (see fused.h): per (batch, head), in parallel over
// them, the scores of the causal triangle only (row blocks of kBlock queries against the keys up
// to the block's end), the softmax in place, the probabilities kept for the backward pass; the
// matrix products through single-threaded BLAS calls on contiguous slices.
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

constexpr int64_t kBlock = 64;  // queries per row block: the products skip the blocks above the diagonal

// Shapes of one call: B, H, T, D and C = H D.
struct Dims {
  int64_t b, h, t, d, c;
};

Dims dims_of(const torch::Tensor& q) {
  return {q.size(0), q.size(1), q.size(2), q.size(3), q.size(1) * q.size(3)};
}

// Forward of one head: p (T, T) <- causal softmax of q k^T (zero above the diagonal within each
// row block; blocks right of it untouched), y (T, D, row stride C) <- p v.
template <typename T>
void head_forward(const Dims& n, const T* q, const T* k, const T* v, T* p, T* y) {
  for (int64_t i0 = 0; i0 < n.t; i0 += kBlock) {
    const int64_t end = std::min(n.t, i0 + kBlock), rows = end - i0;
    gemm(false, true, rows, end, n.d, T(1), q + i0 * n.d, n.d, k, n.d, T(0), p + i0 * n.t, n.t);
    for (int64_t i = i0; i < end; ++i) {
      T* row = p + i * n.t;
      const T inv = T(1) / fused_detail::exp_shifted_sum(row, i + 1, fused_detail::max_of(row, i + 1));
      for (int64_t j = 0; j <= i; ++j) row[j] *= inv;
      std::fill(row + i + 1, row + end, T(0));
    }
    gemm(false, false, rows, n.d, end, T(1), p + i0 * n.t, n.t, v, n.d, T(0), y + i0 * n.c, n.c);
  }
}

// Backward of one head, with scratch ds (T, T): dp = dy v^T and ds = p (dp - rowsum(p dp)) on
// the triangle; dq = ds k, dk = ds^T q, dv = p^T dy. dy has row stride C.
template <typename T>
void head_backward(const Dims& n, const T* q, const T* k, const T* v, const T* p, const T* dy, T* ds, T* dq, T* dk,
                   T* dv) {
  for (int64_t i0 = 0; i0 < n.t; i0 += kBlock) {
    const int64_t end = std::min(n.t, i0 + kBlock), rows = end - i0;
    gemm(false, true, rows, end, n.d, T(1), dy + i0 * n.c, n.c, v, n.d, T(0), ds + i0 * n.t, n.t);
    for (int64_t i = i0; i < end; ++i) {
      const T* pr = p + i * n.t;
      T* row = ds + i * n.t;
      T dot = 0;
      for (int64_t j = 0; j <= i; ++j) dot += pr[j] * row[j];
      for (int64_t j = 0; j <= i; ++j) row[j] = pr[j] * (row[j] - dot);
      std::fill(row + i + 1, row + end, T(0));
    }
    gemm(false, false, rows, n.d, end, T(1), ds + i0 * n.t, n.t, k, n.d, T(0), dq + i0 * n.d, n.d);
  }
  // Keys j0..j0+cols are seen by queries j0..T-1 only.
  for (int64_t j0 = 0; j0 < n.t; j0 += kBlock) {
    const int64_t cols = std::min(kBlock, n.t - j0), rows = n.t - j0;
    gemm(true, false, cols, n.d, rows, T(1), p + j0 * n.t + j0, n.t, dy + j0 * n.c, n.c, T(0), dv + j0 * n.d, n.d);
    gemm(true, false, cols, n.d, rows, T(1), ds + j0 * n.t + j0, n.t, q + j0 * n.d, n.d, T(0), dk + j0 * n.d, n.d);
  }
}

// Head bh's offset into (B, T, C) tensors: batch bh / H, channels from (bh % H) D.
int64_t token_major_offset(const Dims& n, int64_t bh) { return (bh / n.h) * n.t * n.c + (bh % n.h) * n.d; }

struct CausalAttentionFunction : torch::autograd::Function<CausalAttentionFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& q_in, const torch::Tensor& k_in,
                               const torch::Tensor& v_in) {
    const auto q = q_in.contiguous(), k = k_in.contiguous(), v = v_in.contiguous();
    const Dims n = dims_of(q);
    auto y = torch::empty({n.b, n.t, n.c}, q.options());
    auto p = torch::empty({n.b, n.h, n.t, n.t}, q.options());
    AT_DISPATCH_FLOATING_TYPES(q.scalar_type(), "ff_causal_attention", [&] {
      const scalar_t *qp = q.data_ptr<scalar_t>(), *kp = k.data_ptr<scalar_t>(), *vp = v.data_ptr<scalar_t>();
      scalar_t *pp = p.data_ptr<scalar_t>(), *yp = y.data_ptr<scalar_t>();
      at::parallel_for(0, n.b * n.h, 1, [&](int64_t begin, int64_t end) {
        for (int64_t bh = begin; bh < end; ++bh) {
          const int64_t head = bh * n.t * n.d;
          head_forward(n, qp + head, kp + head, vp + head, pp + bh * n.t * n.t, yp + token_major_offset(n, bh));
        }
      });
    });
    ctx->save_for_backward({q, k, v, p});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &q = saved[0], &k = saved[1], &v = saved[2], &p = saved[3];
    const auto gy = grads[0].contiguous();
    const Dims n = dims_of(q);
    auto gq = torch::empty_like(q), gk = torch::empty_like(k), gv = torch::empty_like(v);
    AT_DISPATCH_FLOATING_TYPES(q.scalar_type(), "ff_causal_attention_backward", [&] {
      const scalar_t *qp = q.data_ptr<scalar_t>(), *kp = k.data_ptr<scalar_t>(), *vp = v.data_ptr<scalar_t>();
      const scalar_t *pp = p.data_ptr<scalar_t>(), *gyp = gy.data_ptr<scalar_t>();
      scalar_t *gqp = gq.data_ptr<scalar_t>(), *gkp = gk.data_ptr<scalar_t>(), *gvp = gv.data_ptr<scalar_t>();
      at::parallel_for(0, n.b * n.h, 1, [&](int64_t begin, int64_t end) {
        std::vector<scalar_t> scratch(static_cast<size_t>(n.t * n.t));
        for (int64_t bh = begin; bh < end; ++bh) {
          const int64_t head = bh * n.t * n.d;
          head_backward(n, qp + head, kp + head, vp + head, pp + bh * n.t * n.t, gyp + token_major_offset(n, bh),
                        scratch.data(), gqp + head, gkp + head, gvp + head);
        }
      });
    });
    return {gq, gk, gv};
  }
};

}  // namespace

torch::Tensor fused_causal_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  fused_detail::check_cpu_float(q, "fused_causal_attention");
  check(q.dim() == 4 && k.sizes() == q.sizes() && v.sizes() == q.sizes() && k.scalar_type() == q.scalar_type() &&
            v.scalar_type() == q.scalar_type(),
        "fused_causal_attention: q, k, v of shapes {}, {}, {} (want three equal (B, H, T, D))",
        fused_detail::dims(q), fused_detail::dims(k), fused_detail::dims(v));
  return CausalAttentionFunction::apply(q, k, v);
}

}  // namespace ff
