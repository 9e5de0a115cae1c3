// Fused CPU kernels with their backward passes (see fused.h): loops over rows, parallel with
// at::parallel_for, every reduction in a fixed order (deterministic for a given thread count).
#include "ff/model/fused.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <torch/autograd.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/fused_detail.h"

namespace ff {
namespace {

using fused_detail::check_cpu_float;
using fused_detail::dims;
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr int64_t kGrainElements = 16384;  // elements per parallel chunk, at least

int64_t grain_rows(int64_t row_size) { return std::max<int64_t>(1, kGrainElements / std::max<int64_t>(1, row_size)); }

// ---------------------------------------------------------------------------------------------
// Linear without bias: y = x W^T; gx = gy W, gW = gy^T x (rows of x and gy flattened).

struct LinearFunction : torch::autograd::Function<LinearFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x_in, const torch::Tensor& w_in) {
    const auto x = x_in.contiguous(), w = w_in.contiguous();
    const int64_t in = w.size(1), out = w.size(0), rows = x.numel() / in;
    auto sizes = x.sizes().vec();
    sizes.back() = out;
    auto y = torch::empty(sizes, x.options());
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "ff_linear", [&] {
      fused_detail::gemm(false, true, rows, out, in, scalar_t(1), x.data_ptr<scalar_t>(), in, w.data_ptr<scalar_t>(),
                         in, scalar_t(0), y.data_ptr<scalar_t>(), out);
    });
    ctx->save_for_backward({x, w});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &w = saved[1];
    const auto gy = grads[0].contiguous();
    const int64_t in = w.size(1), out = w.size(0), rows = x.numel() / in;
    torch::Tensor gx, gw;
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "ff_linear_backward", [&] {
      const scalar_t *xp = x.data_ptr<scalar_t>(), *wp = w.data_ptr<scalar_t>(), *gyp = gy.data_ptr<scalar_t>();
      if (ctx->needs_input_grad(0)) {
        gx = torch::empty_like(x);
        fused_detail::gemm(false, false, rows, in, out, scalar_t(1), gyp, out, wp, in, scalar_t(0),
                           gx.data_ptr<scalar_t>(), in);
      }
      if (ctx->needs_input_grad(1)) {
        gw = torch::empty_like(w);
        fused_detail::gemm(true, false, out, in, rows, scalar_t(1), gyp, out, xp, in, scalar_t(0),
                           gw.data_ptr<scalar_t>(), in);
      }
    });
    return {gx, gw};
  }
};

// ---------------------------------------------------------------------------------------------
// RMSNorm: y = x r w, r = (mean(x^2) + eps)^-1/2 per row. Backward with g = gy w:
// gx = r g - x r^3 mean(g x), gw = sum over rows of gy x r.

struct RmsNormFunction : torch::autograd::Function<RmsNormFunction> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x_in, const torch::Tensor& w_in, double eps) {
    const auto x = x_in.contiguous(), w = w_in.contiguous();
    const int64_t c = x.size(-1), rows = x.numel() / c;
    auto y = torch::empty_like(x);
    auto rstd = torch::empty({rows}, x.options());
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "ff_rms_norm", [&] {
      const scalar_t *xp = x.data_ptr<scalar_t>(), *wp = w.data_ptr<scalar_t>();
      scalar_t *yp = y.data_ptr<scalar_t>(), *rp = rstd.data_ptr<scalar_t>();
      at::parallel_for(0, rows, grain_rows(c), [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
          const scalar_t* xr = xp + r * c;
          scalar_t sum = 0;
          for (int64_t i = 0; i < c; ++i) sum += xr[i] * xr[i];
          const scalar_t inv = scalar_t(1) / std::sqrt(sum / static_cast<scalar_t>(c) + static_cast<scalar_t>(eps));
          rp[r] = inv;
          for (int64_t i = 0; i < c; ++i) yp[r * c + i] = xr[i] * inv * wp[i];
        }
      });
    });
    ctx->save_for_backward({x, w, rstd});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &w = saved[1], &rstd = saved[2];
    const auto gy = grads[0].contiguous();
    const int64_t c = x.size(-1), rows = x.numel() / c;
    auto gx = torch::empty_like(x);
    auto gw = torch::empty_like(w);
    AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "ff_rms_norm_backward", [&] {
      const scalar_t *xp = x.data_ptr<scalar_t>(), *wp = w.data_ptr<scalar_t>(), *rp = rstd.data_ptr<scalar_t>();
      const scalar_t* gyp = gy.data_ptr<scalar_t>();
      scalar_t *gxp = gx.data_ptr<scalar_t>(), *gwp = gw.data_ptr<scalar_t>();
      at::parallel_for(0, rows, grain_rows(c), [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
          const scalar_t *xr = xp + r * c, *gr = gyp + r * c;
          scalar_t dot = 0;
          for (int64_t i = 0; i < c; ++i) dot += gr[i] * wp[i] * xr[i];
          const scalar_t inv = rp[r], k = inv * inv * inv * dot / static_cast<scalar_t>(c);
          for (int64_t i = 0; i < c; ++i) gxp[r * c + i] = inv * gr[i] * wp[i] - xr[i] * k;
        }
      });
      at::parallel_for(0, c, grain_rows(rows), [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
          scalar_t sum = 0;
          for (int64_t r = 0; r < rows; ++r) sum += gyp[r * c + i] * xp[r * c + i] * rp[r];
          gwp[i] = sum;
        }
      });
    });
    return {gx, gw, torch::Tensor()};
  }
};

// ---------------------------------------------------------------------------------------------
// qkv (B, T, 3C) -> rotated, scaled q; rotated k; v, each (B, H, T, D). Per pair (x1, x2) at
// (i, i + D/2) with angle (cos c, sin s) and scale a: (a (x1 c - x2 s), a (x1 s + x2 c)); the
// backward applies the transposed rotation: (a (g1 c + g2 s), a (g2 c - g1 s)).

// Calls f(bt, t, head, src, dst) for every (batch, position) row bt and head: src indexes qkv's
// row bt at the head's channels, dst the head's (b, h, t) row of the (B, H, T, D) outputs.
template <typename F>
void for_each_head_row(int64_t b, int64_t t, int64_t h, int64_t d, const F& f) {
  at::parallel_for(0, b * t, grain_rows(3 * h * d), [&](int64_t begin, int64_t end) {
    for (int64_t bt = begin; bt < end; ++bt) {
      const int64_t batch = bt / t, pos = bt % t;
      for (int64_t head = 0; head < h; ++head) {
        f(pos, bt * 3 * h * d + head * d, ((batch * h + head) * t + pos) * d);
      }
    }
  });
}

struct QkvHeadsFunction : torch::autograd::Function<QkvHeadsFunction> {
  static variable_list forward(AutogradContext* ctx, const torch::Tensor& qkv_in, int64_t n_heads,
                               const torch::Tensor& cos_in, const torch::Tensor& sin_in, double q_scale) {
    const auto qkv = qkv_in.contiguous();
    const auto cos = cos_in.to(qkv.scalar_type()).contiguous(), sin = sin_in.to(qkv.scalar_type()).contiguous();
    const int64_t b = qkv.size(0), t = qkv.size(1), c = qkv.size(2) / 3, d = c / n_heads, half = d / 2;
    auto q = torch::empty({b, n_heads, t, d}, qkv.options()), k = torch::empty_like(q), v = torch::empty_like(q);
    AT_DISPATCH_FLOATING_TYPES(qkv.scalar_type(), "ff_qkv_heads", [&] {
      const scalar_t *src = qkv.data_ptr<scalar_t>(), *cp = cos.data_ptr<scalar_t>(), *sp = sin.data_ptr<scalar_t>();
      scalar_t *qp = q.data_ptr<scalar_t>(), *kp = k.data_ptr<scalar_t>(), *vp = v.data_ptr<scalar_t>();
      const auto scale = static_cast<scalar_t>(q_scale);
      for_each_head_row(b, t, n_heads, d, [&](int64_t pos, int64_t in, int64_t out) {
        const scalar_t *cr = cp + pos * half, *sr = sp + pos * half;
        for (int64_t i = 0; i < half; ++i) {
          const scalar_t q1 = src[in + i], q2 = src[in + half + i];
          const scalar_t k1 = src[in + c + i], k2 = src[in + c + half + i];
          qp[out + i] = scale * (q1 * cr[i] - q2 * sr[i]);
          qp[out + half + i] = scale * (q1 * sr[i] + q2 * cr[i]);
          kp[out + i] = k1 * cr[i] - k2 * sr[i];
          kp[out + half + i] = k1 * sr[i] + k2 * cr[i];
        }
        for (int64_t j = 0; j < d; ++j) vp[out + j] = src[in + 2 * c + j];
      });
    });
    ctx->save_for_backward({cos, sin});
    ctx->saved_data["q_scale"] = q_scale;
    ctx->saved_data["n_heads"] = n_heads;
    return {q, k, v};
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto &cos = saved[0], &sin = saved[1];
    const int64_t n_heads = ctx->saved_data["n_heads"].toInt();
    const double q_scale = ctx->saved_data["q_scale"].toDouble();
    const torch::Tensor* defined = nullptr;
    for (const auto& g : grads) {
      if (g.defined()) defined = &g;
    }
    if (defined == nullptr) return {torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    auto as_grad = [&](const torch::Tensor& g) { return g.defined() ? g.contiguous() : torch::zeros_like(*defined); };
    const auto gq = as_grad(grads[0]), gk = as_grad(grads[1]), gv = as_grad(grads[2]);
    const int64_t b = gq.size(0), t = gq.size(2), d = gq.size(3), c = n_heads * d, half = d / 2;
    auto gqkv = torch::empty({b, t, 3 * c}, gq.options());
    AT_DISPATCH_FLOATING_TYPES(gq.scalar_type(), "ff_qkv_heads_backward", [&] {
      const scalar_t *cp = cos.data_ptr<scalar_t>(), *sp = sin.data_ptr<scalar_t>();
      const scalar_t *gqp = gq.data_ptr<scalar_t>(), *gkp = gk.data_ptr<scalar_t>(), *gvp = gv.data_ptr<scalar_t>();
      scalar_t* dst = gqkv.data_ptr<scalar_t>();
      const auto scale = static_cast<scalar_t>(q_scale);
      for_each_head_row(b, t, n_heads, d, [&](int64_t pos, int64_t in, int64_t out) {
        const scalar_t *cr = cp + pos * half, *sr = sp + pos * half;
        for (int64_t i = 0; i < half; ++i) {
          const scalar_t q1 = gqp[out + i], q2 = gqp[out + half + i];
          const scalar_t k1 = gkp[out + i], k2 = gkp[out + half + i];
          dst[in + i] = scale * (q1 * cr[i] + q2 * sr[i]);
          dst[in + half + i] = scale * (q2 * cr[i] - q1 * sr[i]);
          dst[in + c + i] = k1 * cr[i] + k2 * sr[i];
          dst[in + c + half + i] = k2 * cr[i] - k1 * sr[i];
        }
        for (int64_t j = 0; j < d; ++j) dst[in + 2 * c + j] = gvp[out + j];
      });
    });
    return {gqkv, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
  }
};

}  // namespace

torch::Tensor fused_linear(const torch::Tensor& x, const torch::Tensor& weight) {
  check_cpu_float(x, "fused_linear");
  check(weight.dim() == 2 && x.dim() >= 1 && x.size(-1) == weight.size(1) && weight.scalar_type() == x.scalar_type() &&
            weight.device() == x.device(),
        "fused_linear: input of shape {} and weight of shape {} (want (..., in) and (out, in))", dims(x),
        dims(weight));
  return LinearFunction::apply(x, weight);
}

torch::Tensor fused_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
  check_cpu_float(x, "fused_rms_norm");
  check(weight.dim() == 1 && weight.size(0) == x.size(-1) && weight.scalar_type() == x.scalar_type(),
        "fused_rms_norm: weight of shape {} for input of shape {}", dims(weight), dims(x));
  return RmsNormFunction::apply(x, weight, eps);
}

std::array<torch::Tensor, 3> fused_qkv_heads(const torch::Tensor& qkv, int64_t n_heads, const torch::Tensor& cos,
                                             const torch::Tensor& sin, double q_scale) {
  check_cpu_float(qkv, "fused_qkv_heads");
  check(qkv.dim() == 3 && n_heads > 0 && qkv.size(2) % (3 * n_heads) == 0 && (qkv.size(2) / 3 / n_heads) % 2 == 0 &&
            cos.size(0) >= qkv.size(1) && cos.size(1) == qkv.size(2) / 3 / n_heads / 2 && sin.sizes() == cos.sizes(),
        "fused_qkv_heads: qkv of shape {} with {} heads and rotary tables of shape {}", dims(qkv), n_heads,
        dims(cos));
  const int64_t t = qkv.size(1);
  const auto out = QkvHeadsFunction::apply(qkv, n_heads, cos.narrow(0, 0, t), sin.narrow(0, 0, t), q_scale);
  return {out[0], out[1], out[2]};
}

}  // namespace ff
