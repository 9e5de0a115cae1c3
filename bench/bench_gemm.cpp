// The fp32 matrix products of the demo's and the peer comparison's models, one at a time: the
// fused kernels' gemm (ff/model/fused_detail.h: oneDNN's sgemm unless FF_GEMM=blas) against
// LibTorch's mm (the BLAS it loaded), best microseconds per call of `reps` rounds (up to 50 calls a round), the two
// alternating round by round so that a shared machine's load falls on both alike. Row-major
// C (m x n) = op(A) op(B) over k, as the linear layers (x W^T forward; dy W and dy^T x backward)
// and the head run them, at B T = 1024 or 4096 rows. The process is prepared as ff-train's.
//
//   bench_gemm [--threads N] [--reps N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "ff/cli/tool.h"
#include "ff/model/fused.h"
#include "matrix_product.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Product {
  const char* what;
  int64_t m, n, k;
  bool trans_a, trans_b;
};

// Best microseconds per call of a and of b: `reps` rounds of `calls` calls each, alternating.
std::pair<double, double> alternate(const std::function<void()>& a, const std::function<void()>& b, int reps,
                                    int calls) {
  double best_a = std::numeric_limits<double>::infinity(), best_b = best_a;
  for (int r = 0; r < reps + 1; ++r) {  // the first round warms up
    for (int which = 0; which < 2; ++which) {
      const auto start = Clock::now();
      for (int i = 0; i < calls; ++i) (which == 0 ? a : b)();
      const double us = std::chrono::duration<double, std::micro>(Clock::now() - start).count() / calls;
      if (r > 0) (which == 0 ? best_a : best_b) = std::min(which == 0 ? best_a : best_b, us);
    }
  }
  return {best_a, best_b};
}

constexpr double kFlopsPerRound = 2e9;  // up to 50 calls a round, fewer for large products

void bench(const Product& p, int reps) {
  MatrixProduct product(p.trans_a, p.trans_b, p.m, p.n, p.k);
  const double flops = product.flops();
  const auto [fused, mm] = alternate([&] { product.fused(); }, [&] { product.mm(); }, reps,
                                     static_cast<int>(std::clamp(kFlopsPerRound / flops, 1.0, 50.0)));
  const double gflop = flops / 1e3;  // per microsecond -> GFLOP/s
  std::printf("| %s | %lld x %lld x %lld | %.2f (%.1f) | %.2f (%.1f) | %.2fx |\n", p.what,
              static_cast<long long>(p.m), static_cast<long long>(p.n), static_cast<long long>(p.k), fused,
              gflop / fused, mm, gflop / mm, mm / fused);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 1, reps = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--threads") threads = std::stoi(argv[i + 1]);
    else if (arg == "--reps") reps = std::stoi(argv[i + 1]);
  }
  ff::prepare_training_process(argv, threads);  // ff-train's OpenMP wait policy and malloc settings
  at::set_num_threads(threads);
  const Product products[] = {
      {"d24 qkv", 1024, 72, 24, false, true},         {"d24 MLP in", 1024, 96, 24, false, true},
      {"d24 MLP out", 1024, 24, 96, false, true},     {"d24 MLP in, dx", 1024, 24, 96, false, false},
      {"d24 MLP in, dW", 96, 24, 1024, true, false},  {"d24 head", 1024, 257, 24, false, true},
      {"d64 qkv", 1024, 192, 64, false, true},        {"d64 MLP in", 1024, 256, 64, false, true},
      {"d64 MLP in, dW", 256, 64, 1024, true, false}, {"cfg A MLP in", 4096, 512, 128, false, true},
      {"cfg B head", 2048, 50257, 256, false, true},  {"cfg B head, dW", 50257, 256, 2048, true, false},
  };
  std::printf("threads %d, fused products: %s, best of %d rounds\n\n", threads,
              ff::gemm_backend().c_str(), reps);
  std::printf("| product | m x n x k | fused gemm us (GFLOP/s) | torch::mm us (GFLOP/s) | speed-up |\n"
              "|---|---|---|---|---|\n");
  for (const auto& p : products) bench(p, reps);
  return 0;
}
