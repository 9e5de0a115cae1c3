// Row-major matrix products through the process's Fortran BLAS, and argument checks (see
// fused_detail.h).
#include "ff/model/fused_detail.h"

#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/fused.h"

namespace ff::fused_detail {
namespace {

template <typename T>
using FortranGemm = void (*)(const char*, const char*, const int*, const int*, const int*, const T*, const T*,
                             const int*, const T*, const int*, const T*, T*, const int*);

// sgemm_ / dgemm_ of the BLAS already loaded with LibTorch (libblas.so.3 on Debian), or null.
template <typename T>
FortranGemm<T> fortran_gemm() {
  static const auto fn =
      reinterpret_cast<FortranGemm<T>>(::dlsym(RTLD_DEFAULT, std::is_same_v<T, float> ? "sgemm_" : "dgemm_"));
  return fn;
}

// oneDNN's row-major sgemm (libdnnl, loaded with LibTorch's CPU library), or null. Its kernels use
// the widest vector unit of the CPU (AVX-512 where present); Debian's OpenBLAS 0.3.21 runs its
// Haswell (AVX2) kernel and packs every operand, ~1.8x slower at the demo's shapes
// (bench/bench_gemm.cpp).
using DnnlSgemm = int (*)(char, char, int64_t, int64_t, int64_t, float, const float*, int64_t, const float*, int64_t,
                          float, float*, int64_t);

DnnlSgemm dnnl_sgemm() {
  static const auto fn = reinterpret_cast<DnnlSgemm>(::dlsym(RTLD_DEFAULT, "dnnl_sgemm"));
  return fn;
}

// FF_GEMM: unset or "onednn" -> oneDNN's sgemm where it is loaded; "blas" -> the Fortran BLAS.
bool use_dnnl_gemm() {
  static const bool yes = [] {
    const char* value = std::getenv("FF_GEMM");
    const std::string v = value == nullptr ? "onednn" : value;
    check(v == "onednn" || v == "blas", "FF_GEMM: unknown value '{}' (want onednn or blas)", v);
    return v == "onednn";
  }();
  return yes;
}

// oneDNN's sgemm where it is loaded: true when it did the product.
bool try_dnnl(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
              const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  const auto fn = dnnl_sgemm();
  constexpr int kDnnlSuccess = 0;
  return fn != nullptr && k > 0 &&
         fn(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) == kDnnlSuccess;
}

bool try_dnnl(bool, bool, int64_t, int64_t, int64_t, double, const double*, int64_t, const double*, int64_t, double,
              double*, int64_t) {
  return false;
}

// A row-major (rows x cols) matrix at p with row stride ld, as a tensor view (no copy).
template <typename T>
torch::Tensor view(const T* p, int64_t rows, int64_t cols, int64_t ld, bool transposed) {
  auto t = torch::from_blob(const_cast<T*>(p), {rows, cols}, {ld, 1},
                            torch::TensorOptions().dtype(c10::CppTypeToScalarType<T>::value));
  return transposed ? t.t() : t;
}

template <typename T>
void gemm_impl(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, T alpha, const T* a, int64_t lda,
               const T* b, int64_t ldb, T beta, T* c, int64_t ldc) {
  if (m <= 0 || n <= 0) return;
  if (use_dnnl_gemm() && try_dnnl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
  constexpr int64_t kIntMax = std::numeric_limits<int>::max();
  const auto fn = fortran_gemm<T>();
  if (fn != nullptr && m <= kIntMax && n <= kIntMax && k <= kIntMax && lda <= kIntMax && ldb <= kIntMax &&
      ldc <= kIntMax && k > 0) {
    // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T, and a row-major matrix is
    // its transpose in column-major order: the same flags, the operands swapped.
    const char ta = trans_b ? 'T' : 'N', tb = trans_a ? 'T' : 'N';
    const int mi = static_cast<int>(n), ni = static_cast<int>(m), ki = static_cast<int>(k);
    const int la = static_cast<int>(ldb), lb = static_cast<int>(lda), lc = static_cast<int>(ldc);
    fn(&ta, &tb, &mi, &ni, &ki, &alpha, b, &la, a, &lb, &beta, c, &lc);
    return;
  }
  const auto av = trans_a ? view(a, k, m, lda, true) : view(a, m, k, lda, false);
  const auto bv = trans_b ? view(b, n, k, ldb, true) : view(b, k, n, ldb, false);
  auto cv = view(c, m, n, ldc, false);
  cv.copy_(at::addmm(cv, av, bv, beta, alpha));
}

// The float loops below vectorize only without trapping-math (which changes no value: the
// compare-and-select of a clamp or a maximum may then run on lanes whose result is discarded).
#pragma GCC push_options
#pragma GCC optimize("no-trapping-math")

constexpr int kLanes = 8;  // partial sums and maxima kept apart: a fixed order that vectorizes

// exp(x) for x <= 0 (Cephes expf: 2^n exp(r), r = x - n ln 2 in [-ln2/2, ln2/2], degree-6
// polynomial); below -87 it returns exp(-87) ~ 1.6e-38 rather than a denormal or 0.
__attribute__((always_inline)) inline float exp_nonpositive(float x) {
  constexpr float kRound = 12582912.0f;  // 1.5 * 2^23: adding and subtracting it rounds to an integer
  x = x < -87.0f ? -87.0f : x;
  const float n = (x * 1.44269504088896341f + kRound) - kRound;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;  // ln 2 in two parts
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return e * scale;
}

// The float loops, inlined into a plain version and, on x86-64 (GCC, clang), an AVX2 + FMA one
// that runs where the CPU has both.
__attribute__((always_inline)) inline float max_of_loop(const float* x, int64_t n) {
  float lane[kLanes];
  for (float& l : lane) l = x[0];
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes) {
    for (int l = 0; l < kLanes; ++l) lane[l] = lane[l] > x[j + l] ? lane[l] : x[j + l];
  }
  for (; j < n; ++j) lane[0] = lane[0] > x[j] ? lane[0] : x[j];
  float max = lane[0];
  for (int l = 1; l < kLanes; ++l) max = max > lane[l] ? max : lane[l];  // not std::max: an out-of-line call here
  return max;
}

__attribute__((always_inline)) inline float exp_shifted_sum_loop(float* x, int64_t n, float shift) {
  for (int64_t j = 0; j < n; ++j) x[j] = exp_nonpositive(x[j] - shift);
  float lane[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes) {
    for (int l = 0; l < kLanes; ++l) lane[l] += x[j + l];
  }
  for (; j < n; ++j) lane[0] += x[j];
  float sum = 0.0f;
  for (float l : lane) sum += l;
  return sum;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FF_AVX2_FMA 1
__attribute__((target("avx2,fma"))) float max_of_avx2(const float* x, int64_t n) { return max_of_loop(x, n); }
__attribute__((target("avx2,fma"))) float exp_shifted_sum_avx2(float* x, int64_t n, float shift) {
  return exp_shifted_sum_loop(x, n, shift);
}
bool has_avx2_fma() {
  static const bool yes = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}
#else
#define FF_AVX2_FMA 0
#endif

}  // namespace

float max_of(const float* x, int64_t n) {
#if FF_AVX2_FMA
  if (has_avx2_fma()) return max_of_avx2(x, n);
#endif
  return max_of_loop(x, n);
}

float exp_shifted_sum(float* x, int64_t n, float shift) {
#if FF_AVX2_FMA
  if (has_avx2_fma()) return exp_shifted_sum_avx2(x, n, shift);
#endif
  return exp_shifted_sum_loop(x, n, shift);
}

#pragma GCC pop_options

double max_of(const double* x, int64_t n) { return *std::max_element(x, x + n); }

double exp_shifted_sum(double* x, int64_t n, double shift) {
  double sum = 0.0;
  for (int64_t j = 0; j < n; ++j) sum += (x[j] = std::exp(x[j] - shift));
  return sum;
}

void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
          const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void gemm(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, double alpha, const double* a, int64_t lda,
          const double* b, int64_t ldb, double beta, double* c, int64_t ldc) {
  gemm_impl(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

std::string dims(const torch::Tensor& x) {
  std::string text = "[";
  for (int64_t i = 0; i < x.dim(); ++i) text += (i > 0 ? ", " : "") + std::to_string(x.size(i));
  return text + "]";
}

void check_cpu_float(const torch::Tensor& x, const char* what) {
  check(x.device().is_cpu() && (x.scalar_type() == torch::kFloat32 || x.scalar_type() == torch::kFloat64),
        "{}: fused kernels take float or double CPU tensors (got {} on {})", what, std::string(c10::toString(x.scalar_type())),
        x.device().str());
}

}  // namespace ff::fused_detail

namespace ff {

std::string gemm_backend() {
  return fused_detail::use_dnnl_gemm() && fused_detail::dnnl_sgemm() != nullptr ? "onednn" : "blas";
}

}  // namespace ff
