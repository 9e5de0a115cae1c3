// The fused CPU kernels against the unfused LibTorch expressions they replace: values and
// gradients in double precision (and against central differences), in float within 1e-5, and
// 100 training steps of a GPT with and without them.
#include "ff/model/fused.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

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
    auto loss = losses::next_token_cross_entropy(model->forward(x), y);
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
