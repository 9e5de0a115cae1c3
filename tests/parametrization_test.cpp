// sp and u-mup: activation scales at init (u-mup's unit scaling), the paper's learning-rate and
// weight-decay rules, and the constants taken from graphcore-research/unit-scaling.
#include "ff/model/parametrization.h"

#include <cmath>
#include <map>
#include <string>

#include <torch/torch.h>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/model/gpt.h"
#include "ff/train/gpt_run.h"
#include "ff/train/optimizer.h"

namespace ff {
namespace {

double rms(const torch::Tensor& x) { return x.pow(2).mean().sqrt().item<double>(); }

// Under u-mup every tensor on the residual stream has RMS ~1 at init whatever the width
// (unit scaling); the logits are the one exception, by design: the readout multiplier
// 1/fan_in makes them RMS ~ d^-1/2 (muP's vanishing output layer), so we check
// RMS(logits) * sqrt(d) instead.
TEST(Parametrization, UMupKeepsUnitScaleAcrossWidthsAtInit) {
  for (int64_t d : {64, 256, 1024}) {
    torch::manual_seed(d);
    const GptArch arch{257, 64, d, 2, d / 32, 4 * d, false};
    Gpt model(arch, Parametrization::kUMup);
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> inputs;
    const auto logits = model->forward(torch::randint(0, 257, {2, 64}, torch::kLong), &inputs);
    ASSERT_EQ(inputs.size(), 3u);  // two blocks + the final norm's input
    for (size_t i = 0; i < inputs.size(); ++i) {
      SCOPED_TRACE(testing::Message() << "d " << d << " residual stream before " << i);
      EXPECT_GE(rms(inputs[i]), 0.5);
      EXPECT_LE(rms(inputs[i]), 2.0);
    }
    const double scaled_logits = rms(logits) * std::sqrt(static_cast<double>(d));
    RecordProperty("rms_d" + std::to_string(d),
                   fmt::format("blocks {:.3f} {:.3f} final {:.3f} logits {:.4f}", rms(inputs[0]),
                               rms(inputs[1]), rms(inputs[2]), rms(logits)));
    EXPECT_GE(scaled_logits, 0.5) << "d " << d;
    EXPECT_LE(scaled_logits, 2.0) << "d " << d;
  }
}

TEST(Parametrization, UMupBlockOutputsStayUnitScaledWithDepth) {
  torch::manual_seed(7);
  const GptArch arch{257, 32, 128, 8, 4, 512, true};
  Gpt model(arch, Parametrization::kUMup);
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> inputs;
  model->forward(torch::randint(0, 257, {2, 32}, torch::kLong), &inputs);
  for (const auto& x : inputs) {
    EXPECT_GE(rms(x), 0.5);
    EXPECT_LE(rms(x), 2.0);
  }
}

TEST(Parametrization, ConstantsFromTheReferenceImplementation) {
  const GptArch arch{257, 256, 128, 4, 4, 512, false};
  const auto s = forward_scales(Parametrization::kUMup, arch);
  EXPECT_NEAR(s.gelu_out_mult, 1.76678, 1e-4);  // unit_scaling.functional.gelu, mult 1
  EXPECT_DOUBLE_EQ(s.attn_logit_scale, 1.0 / 32);
  EXPECT_DOUBLE_EQ(s.readout_mult, 1.0 / 128);
  EXPECT_DOUBLE_EQ(linear_mult(s, 512), 1.0 / std::sqrt(512.0));
  // Attention output: 1 / exp(alpha ln 1 + (1 - alpha) ln sqrt(ln T / T)), alpha = 1/(1 + 4 d_head).
  const double alpha = 1.0 / (1.0 + 4.0 * 32);
  EXPECT_NEAR(attention_out_mult(s, 256, 32),
              1.0 / std::pow(std::sqrt(std::log(256.0) / 256.0), 1.0 - alpha), 1e-12);
  // Residual taus 1/sqrt(L + i): the branch and skip weights keep unit variance.
  for (int64_t i = 0; i < 8; ++i) {
    const auto w = residual_weights(s, i, 4);
    EXPECT_NEAR(w.branch * w.branch + w.skip * w.skip, 1.0, 1e-12);
    EXPECT_NEAR(w.branch / w.skip, 1.0 / std::sqrt(4.0 + i), 1e-12);
  }
  const auto sp = forward_scales(Parametrization::kSp, arch);
  EXPECT_DOUBLE_EQ(sp.init_std, 0.02);
  EXPECT_DOUBLE_EQ(sp.attn_logit_scale, 1.0 / std::sqrt(32.0));
  EXPECT_DOUBLE_EQ(linear_mult(sp, 512), 1.0);
  EXPECT_DOUBLE_EQ(residual_weights(sp, 3, 4).branch, 1.0);
  EXPECT_DOUBLE_EQ(attention_out_mult(sp, 256, 32), 1.0);
}

TEST(Parametrization, AdamRulesPerParameterType) {
  const int64_t layers = 4;
  const double lr = 1e-2, wd = 1e-4;
  const ParamInfo emb{"tok_emb", ParamRole::kEmbedding, 256, 0};
  const ParamInfo hidden{"blocks.0.w_out", ParamRole::kHidden, 1024, 0};
  const ParamInfo norm{"blocks.0.attn_norm", ParamRole::kBlockNorm, 0, 0};
  const ParamInfo final_norm{"final_norm", ParamRole::kFinalNorm, 0, 0};
  const ParamInfo head{"head", ParamRole::kReadout, 256, 0};
  const auto u = Parametrization::kUMup;
  EXPECT_DOUBLE_EQ(param_optim(u, emb, layers, lr, wd).lr_mult, 1.0 / 16);           // d^-1/2
  EXPECT_DOUBLE_EQ(param_optim(u, hidden, layers, lr, wd).lr_mult, 1.0 / 32 / 2);    // fan_in^-1/2 L^-1/2
  EXPECT_DOUBLE_EQ(param_optim(u, norm, layers, lr, wd).lr_mult, 0.5);               // L^-1/2
  EXPECT_DOUBLE_EQ(param_optim(u, final_norm, layers, lr, wd).lr_mult, 1.0);
  EXPECT_DOUBLE_EQ(param_optim(u, head, layers, lr, wd).lr_mult, 1.0);
  // Independent decay: AdamW's per-step factor lr_group * wd_group equals wd for every matrix.
  for (const auto& info : {emb, hidden, head}) {
    const auto o = param_optim(u, info, layers, lr, wd);
    EXPECT_NEAR(lr * o.lr_mult * o.weight_decay, wd, 1e-15) << info.name;
  }
  EXPECT_EQ(param_optim(u, norm, layers, lr, wd).weight_decay, 0.0);
  // sp: one lr, coupled decay on matrices only.
  const auto s = Parametrization::kSp;
  for (const auto& info : {emb, hidden, head}) {
    EXPECT_EQ(param_optim(s, info, layers, lr, 0.1).lr_mult, 1.0);
    EXPECT_EQ(param_optim(s, info, layers, lr, 0.1).weight_decay, 0.1);
  }
  EXPECT_EQ(param_optim(s, final_norm, layers, lr, 0.1).weight_decay, 0.0);
}

// End to end through LibTorch's AdamW: with zero gradients one step only decays, so each
// tensor shrinks by exactly its per-step decay: wd under u-mup (independent of the lr), lr * wd
// under sp, nothing for norms.
TEST(Parametrization, AdamWGroupsApplyTheDecayRules) {
  const GptArch arch{100, 8, 64, 2, 2, 256, false};
  for (auto p : {Parametrization::kSp, Parametrization::kUMup}) {
    torch::manual_seed(0);
    Gpt model(arch, p);
    LoopOptions opts;
    opts.lr = p == Parametrization::kSp ? 1e-2 : 0.5;
    opts.weight_decay = p == Parametrization::kSp ? 0.1 : 1e-3;
    GroupedAdamW optimizer(gpt_param_groups(model, opts, p), opts);
    optimizer.set_lr_factor(1.0);
    std::map<std::string, torch::Tensor> before;
    for (auto& np : model->named_parameters()) before[np.key()] = np.value().detach().clone();
    optimizer.zero_grad();  // zero gradients (views into the optimizer's flat buffer): decay alone moves
    optimizer.step();
    const double want = p == Parametrization::kSp ? opts.lr * opts.weight_decay : opts.weight_decay;
    for (auto& np : model->named_parameters()) {
      const bool is_norm = np.value().dim() == 1;
      const auto ratio = (np.value() / before[np.key()]).mean().item<double>();
      EXPECT_NEAR(ratio, is_norm ? 1.0 : 1.0 - want, 1e-6) << to_string(p) << " " << np.key();
    }
  }
}

}  // namespace
}  // namespace ff
