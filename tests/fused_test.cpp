// The fused CPU kernels (RMSNorm, qkv -> rotary heads, causal attention, head + cross-entropy)
// against the unfused LibTorch expressions they replace: values and gradients in double precision
// (and against central differences), in float within 1e-5, and 100 training steps of a GPT with
// and without them.
#include "ff/model/fused.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/model/fused_detail.h"
#include "ff/model/gpt.h"
#include "ff/train/gpt_run.h"
#include "ff/train/model_contract.h"
#include "ff/train/optimizer.h"

namespace ff {
namespace {

constexpr double kEps = 1e-5;

// The unfused qkv -> heads step of gpt.cpp: split, view, transpose, rotate with narrow/cat, scale q.
std::vector<torch::Tensor> unfused_qkv_heads(const torch::Tensor& qkv, int64_t n_heads, const torch::Tensor& cos,
                                             const torch::Tensor& sin, double q_scale) {
  const int64_t b = qkv.size(0), t = qkv.size(1), c = qkv.size(2) / 3, d = c / n_heads;
  auto rope = [&](const torch::Tensor& x) {
    const auto x1 = x.narrow(-1, 0, d / 2), x2 = x.narrow(-1, d / 2, d / 2);
    const auto cs = cos.narrow(0, 0, t), sn = sin.narrow(0, 0, t);
    return torch::cat({x1 * cs - x2 * sn, x1 * sn + x2 * cs}, -1);
  };
  const auto parts = qkv.split(c, -1);
  auto heads = [&](const torch::Tensor& z) { return z.view({b, t, n_heads, d}).transpose(1, 2); };
  return {rope(heads(parts[0])) * q_scale, rope(heads(parts[1])), heads(parts[2])};
}

// Gradients of sum(outputs * weights) with respect to `inputs`.
std::vector<torch::Tensor> grads_of(const std::vector<torch::Tensor>& outputs, const std::vector<torch::Tensor>& weights,
                                    const std::vector<torch::Tensor>& inputs) {
  auto total = torch::zeros({}, outputs[0].options());
  for (size_t i = 0; i < outputs.size(); ++i) total = total + (outputs[i] * weights[i]).sum();
  return torch::autograd::grad({total}, inputs);
}

double max_diff(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

void expect_rms_norm_matches(torch::ScalarType dtype, double tolerance) {
  torch::manual_seed(1);
  const auto opts = torch::TensorOptions().dtype(dtype);
  const auto x = torch::randn({3, 5, 12}, opts).requires_grad_(), w = torch::randn({12}, opts).requires_grad_();
  const auto gy = torch::randn({3, 5, 12}, opts);
  const auto fused = fused_rms_norm(x, w, kEps), plain = rms_norm(x, w);
  EXPECT_LT(max_diff(fused, plain), tolerance);
  const auto gf = grads_of({fused}, {gy}, {x, w}), gp = grads_of({plain}, {gy}, {x, w});
  EXPECT_LT(max_diff(gf[0], gp[0]), tolerance);
  EXPECT_LT(max_diff(gf[1], gp[1]), tolerance * 10);  // a sum over 15 rows
}

// The softmax helpers of the kernels (the AVX2 + FMA version on CPUs that have it): the largest
// value and exp(x - shift) within 2 ulp of std::exp, for every length around the 8 lanes.
TEST(FusedSoftmaxHelpers, MaxAndShiftedExpMatchTheStandardLibrary) {
  for (int64_t n = 1; n <= 40; ++n) {
    std::vector<float> x(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) x[static_cast<size_t>(j)] = std::sin(0.7f * static_cast<float>(j * j)) * 40.0f;
    const float max = fused_detail::max_of(x.data(), n);
    EXPECT_EQ(max, *std::max_element(x.begin(), x.end())) << n;
    auto e = x;
    const float sum = fused_detail::exp_shifted_sum(e.data(), n, max);
    double want_sum = 0.0;
    for (int64_t j = 0; j < n; ++j) {
      const float shifted = x[static_cast<size_t>(j)] - max;  // rounded to float as in the kernel
      const double want = std::exp(static_cast<double>(shifted));
      want_sum += want;
      EXPECT_NEAR(e[static_cast<size_t>(j)], want, 2.4e-7 * want + 1e-38) << "n " << n << " j " << j;
    }
    EXPECT_NEAR(sum, want_sum, 1e-6 * want_sum) << n;
  }
}

// The linear layer against torch::nn::functional::linear (float: oneDNN's sgemm unless FF_GEMM=blas;
// double: the Fortran BLAS), values and both gradients, on a 3-d input.
TEST(FusedLinear, MatchesFunctionalLinearInDoubleAndFloat) {
  for (auto [dtype, tolerance] : {std::pair{torch::kFloat64, 1e-12}, std::pair{torch::kFloat32, 1e-5}}) {
    torch::manual_seed(11);
    const auto opts = torch::TensorOptions().dtype(dtype);
    const auto x = torch::randn({3, 17, 24}, opts).requires_grad_(), w = torch::randn({40, 24}, opts).requires_grad_();
    const auto gy = torch::randn({3, 17, 40}, opts);
    const auto fused = fused_linear(x, w), plain = torch::nn::functional::linear(x, w);
    EXPECT_EQ(fused.sizes(), plain.sizes());
    EXPECT_LT(max_diff(fused, plain), tolerance);
    const auto gf = grads_of({fused}, {gy}, {x, w}), gp = grads_of({plain}, {gy}, {x, w});
    EXPECT_LT(max_diff(gf[0], gp[0]), tolerance);
    EXPECT_LT(max_diff(gf[1], gp[1]), tolerance * 10);  // a sum over 51 rows
  }
  EXPECT_THROW(fused_linear(torch::randn({2, 5}), torch::randn({3, 4})), Error);
}

// beta 0 ignores what C held, NaN included, for every transpose combination.
TEST(FusedGemm, BetaZeroOverwritesNaN) {
  torch::manual_seed(12);
  const auto a = torch::randn({6, 5}), b = torch::randn({5, 7});
  const auto want = torch::mm(a, b);
  for (bool ta : {false, true}) {
    for (bool tb : {false, true}) {
      const auto ac = ta ? a.t().contiguous() : a, bc = tb ? b.t().contiguous() : b;
      auto c = torch::full({6, 7}, std::numeric_limits<float>::quiet_NaN());
      fused_detail::gemm(ta, tb, 6, 7, 5, 1.0f, ac.data_ptr<float>(), ta ? 6 : 5, bc.data_ptr<float>(), tb ? 5 : 7,
                         0.0f, c.data_ptr<float>(), 7);
      EXPECT_LT(max_diff(c, want), 1e-5) << ta << tb;
    }
  }
}

TEST(FusedRmsNorm, MatchesTheUnfusedOpsInDoubleAndFloat) {
  expect_rms_norm_matches(torch::kFloat64, 1e-12);
  expect_rms_norm_matches(torch::kFloat32, 1e-5);
}

TEST(FusedRmsNorm, GradientsMatchCentralDifferences) {
  torch::manual_seed(2);
  const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto x = torch::randn({4, 6}, opts).requires_grad_(), w = torch::randn({6}, opts).requires_grad_();
  const auto gy = torch::randn({4, 6}, opts);
  const auto g = grads_of({fused_rms_norm(x, w, kEps)}, {gy}, {x, w});
  const double h = 1e-6;
  torch::NoGradGuard no_grad;
  for (auto [param, grad] : {std::pair{x, g[0]}, std::pair{w, g[1]}}) {
    auto flat = param.view({-1});
    for (int64_t i = 0; i < flat.numel(); ++i) {
      const double saved = flat[i].item<double>();
      flat[i] = saved + h;
      const double up = (fused_rms_norm(x, w, kEps) * gy).sum().item<double>();
      flat[i] = saved - h;
      const double down = (fused_rms_norm(x, w, kEps) * gy).sum().item<double>();
      flat[i] = saved;
      EXPECT_NEAR(grad.view({-1})[i].item<double>(), (up - down) / (2 * h), 1e-7) << i;
    }
  }
}

void expect_qkv_heads_match(torch::ScalarType dtype, double tolerance) {
  torch::manual_seed(3);
  const int64_t b = 2, t = 5, h = 3, d = 4, c = h * d;
  const auto opts = torch::TensorOptions().dtype(dtype);
  const auto qkv = torch::randn({b, t, 3 * c}, opts).requires_grad_();
  const auto angles = torch::rand({t + 2, d / 2}, torch::kFloat64) * 6.0;  // longer tables than T, as the model's
  const auto cos = torch::cos(angles).to(torch::kFloat32), sin = torch::sin(angles).to(torch::kFloat32);
  const auto fused = fused_qkv_heads(qkv, h, cos, sin, 0.7);
  const auto plain = unfused_qkv_heads(qkv, h, cos.to(dtype), sin.to(dtype), 0.7);
  std::vector<torch::Tensor> weights;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(fused[i].is_contiguous());
    EXPECT_EQ(fused[i].sizes(), plain[i].sizes());
    EXPECT_LT(max_diff(fused[i], plain[i]), tolerance) << i;
    weights.push_back(torch::randn({b, h, t, d}, opts));
  }
  const auto gf = grads_of({fused[0], fused[1], fused[2]}, weights, {qkv});
  const auto gp = grads_of(plain, weights, {qkv});
  EXPECT_LT(max_diff(gf[0], gp[0]), tolerance);
}

TEST(FusedQkvHeads, MatchesSplitTransposeAndRotaryInDoubleAndFloat) {
  expect_qkv_heads_match(torch::kFloat64, 1e-12);
  expect_qkv_heads_match(torch::kFloat32, 1e-5);
}

// The unfused attention of gpt.cpp: q k^T plus a 0 / -inf causal bias, softmax, times v, heads
// side by side.
torch::Tensor unfused_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
  const int64_t b = q.size(0), h = q.size(1), t = q.size(2), d = q.size(3);
  const auto bias = torch::full({t, t}, -std::numeric_limits<double>::infinity(), q.options()).triu(1);
  const auto y = torch::matmul(torch::softmax(torch::matmul(q, k.transpose(-2, -1)) + bias, -1), v);
  return y.transpose(1, 2).contiguous().view({b, t, h * d});
}

// T = 70 and 130: more than one row block of 64 queries, the last one partial.
void expect_attention_matches(torch::ScalarType dtype, int64_t t, double tolerance) {
  torch::manual_seed(4);
  const int64_t b = 2, h = 3, d = 6;
  const auto opts = torch::TensorOptions().dtype(dtype);
  std::vector<torch::Tensor> qkv;
  for (int i = 0; i < 3; ++i) qkv.push_back(torch::randn({b, h, t, d}, opts).requires_grad_());
  const auto fused = fused_causal_attention(qkv[0], qkv[1], qkv[2]), plain = unfused_attention(qkv[0], qkv[1], qkv[2]);
  EXPECT_TRUE(fused.is_contiguous());
  EXPECT_EQ(fused.sizes(), plain.sizes());
  EXPECT_LT(max_diff(fused, plain), tolerance);
  const auto gy = torch::randn({b, t, h * d}, opts);
  const auto gf = grads_of({fused}, {gy}, qkv), gp = grads_of({plain}, {gy}, qkv);
  for (int i = 0; i < 3; ++i) EXPECT_LT(max_diff(gf[i], gp[i]), tolerance) << "input " << i << ", T " << t;
}

TEST(FusedCausalAttention, MatchesMatmulBiasSoftmaxMatmulInDoubleAndFloat) {
  for (int64_t t : {1, 5, 64, 70, 130}) {
    expect_attention_matches(torch::kFloat64, t, 1e-12);
    expect_attention_matches(torch::kFloat32, t, 1e-5);
  }
}

TEST(FusedCausalAttention, GradientsMatchCentralDifferences) {
  torch::manual_seed(5);
  const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  std::vector<torch::Tensor> qkv;
  for (int i = 0; i < 3; ++i) qkv.push_back(torch::randn({1, 2, 67, 2}, opts).requires_grad_());
  const auto gy = torch::randn({1, 67, 4}, opts);
  const auto g = grads_of({fused_causal_attention(qkv[0], qkv[1], qkv[2])}, {gy}, qkv);
  const double h = 1e-6;
  torch::NoGradGuard no_grad;
  for (int p = 0; p < 3; ++p) {
    auto flat = qkv[p].view({-1});
    for (int64_t i = 0; i < flat.numel(); i += 7) {  // every 7th entry: both row blocks, every head
      const double saved = flat[i].item<double>();
      flat[i] = saved + h;
      const double up = (fused_causal_attention(qkv[0], qkv[1], qkv[2]) * gy).sum().item<double>();
      flat[i] = saved - h;
      const double down = (fused_causal_attention(qkv[0], qkv[1], qkv[2]) * gy).sum().item<double>();
      flat[i] = saved;
      EXPECT_NEAR(g[p].view({-1})[i].item<double>(), (up - down) / (2 * h), 1e-7) << "input " << p << " entry " << i;
    }
  }
}

void expect_head_cross_entropy_matches(torch::ScalarType dtype, double tolerance) {
  torch::manual_seed(6);
  const int64_t b = 3, t = 7, c = 10, v = 300;
  const auto opts = torch::TensorOptions().dtype(dtype);
  const auto h = torch::randn({b, t, c}, opts).requires_grad_(), w = torch::randn({v, c}, opts).requires_grad_();
  const auto targets = torch::randint(0, v, {b, t}, torch::kLong);
  for (double scale : {1.0, 0.37}) {
    const auto fused = fused_head_cross_entropy(h, w, targets, scale);
    const auto logits = torch::nn::functional::linear(h, w) * scale;
    const auto plain = torch::nn::functional::cross_entropy(logits.reshape({-1, v}), targets.reshape({-1}));
    EXPECT_EQ(fused.dim(), 0);
    EXPECT_LT(max_diff(fused, plain), tolerance) << scale;
    const auto gf = torch::autograd::grad({fused * 1.7}, {h, w}), gp = torch::autograd::grad({plain * 1.7}, {h, w});
    EXPECT_LT(max_diff(gf[0], gp[0]), tolerance) << scale;
    EXPECT_LT(max_diff(gf[1], gp[1]), tolerance) << scale;
    torch::NoGradGuard no_grad;  // evaluation: the value alone
    EXPECT_LT(max_diff(fused_head_cross_entropy(h, w, targets, scale), plain), tolerance) << scale;
  }
}

TEST(FusedHeadCrossEntropy, MatchesLinearAndCrossEntropyInDoubleAndFloat) {
  expect_head_cross_entropy_matches(torch::kFloat64, 1e-12);
  expect_head_cross_entropy_matches(torch::kFloat32, 1e-5);
}

TEST(FusedHeadCrossEntropy, GradientsMatchCentralDifferences) {
  torch::manual_seed(7);
  const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
  auto h = torch::randn({5, 4}, opts).requires_grad_(), w = torch::randn({9, 4}, opts).requires_grad_();
  const auto targets = torch::randint(0, 9, {5}, torch::kLong);
  const auto g = torch::autograd::grad({fused_head_cross_entropy(h, w, targets, 0.8)}, {h, w});
  const double step = 1e-6;
  torch::NoGradGuard no_grad;
  for (auto [param, grad] : {std::pair{h, g[0]}, std::pair{w, g[1]}}) {
    auto flat = param.view({-1});
    for (int64_t i = 0; i < flat.numel(); ++i) {
      const double saved = flat[i].item<double>();
      flat[i] = saved + step;
      const double up = fused_head_cross_entropy(h, w, targets, 0.8).item<double>();
      flat[i] = saved - step;
      const double down = fused_head_cross_entropy(h, w, targets, 0.8).item<double>();
      flat[i] = saved;
      EXPECT_NEAR(grad.view({-1})[i].item<double>(), (up - down) / (2 * step), 1e-8) << i;
    }
  }
}

TEST(FusedHeadCrossEntropy, RefusesTargetsOutsideTheVocabulary) {
  const auto h = torch::randn({2, 3, 4}), w = torch::randn({5, 4});
  try {
    fused_head_cross_entropy(h, w, torch::full({2, 3}, 5, torch::kLong), 1.0);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("target ids from 5 to 5 outside the vocabulary [0, 5)"), std::string::npos)
        << e.what();
  }
}

TEST(FusedKernels, GptLossOfFeaturesEqualsCrossEntropyOfForward) {
  for (bool tied : {false, true}) {
    for (auto p : {Parametrization::kSp, Parametrization::kUMup}) {
      const GptArch arch{97, 70, 24, 2, 4, 96, tied};  // T 70: two attention row blocks
      torch::manual_seed(8);
      Gpt fused(arch, p, true);
      torch::manual_seed(8);
      Gpt plain(arch, p, false);
      const auto x = torch::randint(0, 97, {3, 70}, torch::kLong), y = torch::randint(0, 97, {3, 70}, torch::kLong);
      const auto a = fused->loss(fused->features(x), y);
      const auto b = losses::next_token_cross_entropy(plain->forward(x), y);
      EXPECT_NEAR(a.item<double>(), b.item<double>(), 1e-5) << tied << " " << to_string(p);
      a.backward();
      b.backward();
      const auto fp = fused->named_parameters(), pp = plain->named_parameters();
      for (const auto& item : fp) {
        EXPECT_LT(max_diff(item.value().grad(), pp[item.key()].grad()), 1e-5) << item.key() << " " << tied;
      }
    }
  }
}

// Per-step training losses of a small GPT on fixed random tokens, fused kernels on or off.
std::vector<double> training_losses(bool fused, int steps) {
  const GptArch arch{64, 16, 16, 2, 2, 64, false};
  torch::manual_seed(0);
  Gpt model(arch, Parametrization::kSp, fused);
  LoopOptions opts;
  opts.lr = 1e-2;
  GroupedAdamW optimizer(gpt_param_groups(model, opts, Parametrization::kSp), opts);
  const auto gen = torch::make_generator<at::CPUGeneratorImpl>(7);
  const auto data = torch::randint(0, 16, {steps, 4, arch.seq_len + 1}, gen, torch::kLong);  // learnable: 16 of 64 ids
  std::vector<double> losses;
  for (int s = 0; s < steps; ++s) {
    optimizer.zero_grad();
    const auto x = data[s].narrow(1, 0, arch.seq_len), y = data[s].narrow(1, 1, arch.seq_len);
    auto loss = fused ? model->loss(model->features(x), y) : losses::next_token_cross_entropy(model->forward(x), y);
    loss.backward();
    optimizer.clip_grad_norm(1.0);
    optimizer.step();
    losses.push_back(loss.item<double>());
  }
  return losses;
}

TEST(FusedKernels, HundredTrainingStepsGiveTheSameLossesAsTheUnfusedOps) {
  const auto fused = training_losses(true, 100), plain = training_losses(false, 100);
  EXPECT_LT(fused.back(), 0.8 * fused.front());  // it learns
  for (size_t i = 0; i < fused.size(); ++i) EXPECT_NEAR(fused[i], plain[i], 1e-4) << "step " << i;
}

}  // namespace
}  // namespace ff
