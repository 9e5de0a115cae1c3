// One fp32 row-major product C (m x n) = op(A) op(B) over k on random operands, run either by the
// fused kernels' gemm (ff/model/fused_detail.h: oneDNN's sgemm unless FF_GEMM=blas) or by
// LibTorch's mm (the BLAS it loaded). Shared by bench_gemm and bench_train.
#pragma once

#include <cstdint>

#include <torch/torch.h>

#include "ff/model/fused_detail.h"

struct MatrixProduct {
  MatrixProduct(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k)
      : trans_a(trans_a), trans_b(trans_b), m(m), n(n), k(k),
        a(trans_a ? torch::randn({k, m}) : torch::randn({m, k})),
        b(trans_b ? torch::randn({n, k}) : torch::randn({k, n})),
        c(torch::empty({m, n})) {}

  void fused() {
    ff::fused_detail::gemm(trans_a, trans_b, m, n, k, 1.0f, a.data_ptr<float>(), trans_a ? m : k,
                           b.data_ptr<float>(), trans_b ? k : n, 0.0f, c.data_ptr<float>(), n);
  }
  void mm() { result = torch::mm(trans_a ? a.t() : a, trans_b ? b.t() : b); }
  double flops() const { return 2.0 * static_cast<double>(m * n * k); }

  bool trans_a, trans_b;
  int64_t m, n, k;
  torch::Tensor a, b, c, result;
};
