// Helpers shared by the fused CPU kernels (fused.cpp, fused_attention.cpp, fused_loss.cpp):
// row-major matrix products on raw pointers and the checks of their arguments. Internal to
// lib/ff/model.
#pragma once

#include <cstdint>
#include <string>

#include <torch/types.h>

namespace ff::fused_detail {

/// C (m x n, row stride ldc) = alpha op(A) op(B) + beta C, every matrix row-major: op(A) is
/// A (m x k, row stride lda), or with trans_a A^T of A (k x m); op(B) likewise (k x n). beta 0
/// ignores C's old values (NaN included). Float runs oneDNN's sgemm (dnnl_sgemm, loaded with
/// LibTorch's CPU library; ~1.8x OpenBLAS's rate at the demo's shapes on an AVX-512 CPU) unless
/// the environment sets FF_GEMM=blas; otherwise, and for double, the Fortran BLAS LibTorch itself
/// calls (sgemm_, dgemm_, found in the process), else at::addmm. Single-threaded inside a
/// parallel region; at::get_num_threads() threads outside one.
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc);
void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc);

/// The largest of x[0..n), n >= 1.
float max_of(const float* x, int64_t n);
double max_of(const double* x, int64_t n);

/// x[j] <- exp(x[j] - shift) for j < n; returns their sum, added in a fixed order. The float
/// version vectorizes (a Cephes-style polynomial, within 2 ulp of std::exp, AVX2 with FMA where the CPU
/// has it); the double one calls std::exp.
float exp_shifted_sum(float* x, int64_t n, float shift);
double exp_shifted_sum(double* x, int64_t n, double shift);

/// "[2, 16, 257]".
std::string dims(const torch::Tensor& x);

/// Throws ff::Error unless x is a float or double CPU tensor; `what` names the kernel.
void check_cpu_float(const torch::Tensor& x, const char* what);

}  // namespace ff::fused_detail
