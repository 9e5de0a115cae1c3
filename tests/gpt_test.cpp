// The GPT module: parameter counts against ff::n_params over many shapes, output shapes,
// causality and the roles the optimizer rules rely on.
#include "ff/model/gpt.h"

#include <torch/torch.h>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/plan/arch.h"

namespace ff {
namespace {

int64_t count(const Gpt& model) {
  int64_t n = 0;
  for (const auto& p : model->parameters()) n += p.numel();
  return n;
}

int64_t count_non_embedding(const Gpt& model) {
  int64_t n = 0;
  for (const auto& info : model->param_infos()) {
    if (info.role != ParamRole::kEmbedding && info.role != ParamRole::kReadout) n += info.numel;
  }
  return n;
}

TEST(Gpt, ParameterCountsMatchArchFormulasOverManyShapes) {
  // (vocab, d_model, n_layers, n_heads, d_ff): widths, depths, head counts, odd vocabularies.
  const std::vector<std::array<int64_t, 5>> shapes = {
      {257, 32, 1, 2, 128},  {257, 64, 2, 4, 256},  {512, 48, 3, 3, 200}, {1000, 128, 4, 8, 512},
      {50257, 16, 1, 1, 64}, {97, 96, 6, 6, 384},   {10, 8, 2, 2, 8},     {300, 80, 5, 10, 320}};
  for (const auto& s : shapes) {
    for (bool tied : {false, true}) {
      for (auto p : {Parametrization::kSp, Parametrization::kUMup}) {
        const GptArch arch{s[0], 16, s[1], s[2], s[3], s[4], tied};
        Gpt model(arch, p);
        SCOPED_TRACE(testing::Message() << "vocab " << s[0] << " d " << s[1] << " L " << s[2]
                                        << " tied " << tied);
        EXPECT_EQ(count(model), n_params(arch));
        EXPECT_EQ(count_non_embedding(model), n_params_non_embedding(arch));
      }
    }
  }
}

TEST(Gpt, ForwardGivesLogitsPerPositionAndAcceptsShorterSequences) {
  torch::manual_seed(0);
  const GptArch arch{257, 16, 32, 2, 4, 64, false};
  Gpt model(arch, Parametrization::kSp);
  const auto idx = torch::randint(0, 257, {3, 16}, torch::kLong);
  EXPECT_EQ(model->forward(idx).sizes(), (std::vector<int64_t>{3, 16, 257}));
  EXPECT_EQ(model->forward(idx.narrow(1, 0, 5)).sizes(), (std::vector<int64_t>{3, 5, 257}));
  EXPECT_THROW(model->forward(torch::zeros({1, 17}, torch::kLong)), Error);
}

TEST(Gpt, IsCausalPositionTDependsOnlyOnTokensUpToT) {
  torch::manual_seed(1);
  const GptArch arch{64, 12, 32, 2, 4, 64, true};
  for (auto p : {Parametrization::kSp, Parametrization::kUMup}) {
    Gpt model(arch, p);
    auto a = torch::randint(0, 64, {1, 12}, torch::kLong);
    auto b = a.clone();
    b.index_put_({0, 7}, (a.index({0, 7}).item<int64_t>() + 1) % 64);  // change token 7 only
    const auto la = model->forward(a), lb = model->forward(b);
    EXPECT_TRUE(torch::allclose(la.narrow(1, 0, 7), lb.narrow(1, 0, 7), 1e-5, 1e-6));
    EXPECT_FALSE(torch::allclose(la.narrow(1, 7, 5), lb.narrow(1, 7, 5), 1e-5, 1e-6));
  }
}

TEST(Gpt, RotaryEmbeddingsMakeAttentionDependOnOrder) {
  // Without positions, a causal model's last logit would not change when the earlier tokens
  // are permuted; with RoPE it does.
  torch::manual_seed(2);
  const GptArch arch{64, 8, 32, 1, 2, 64, false};
  Gpt model(arch, Parametrization::kUMup);
  const auto a = torch::tensor({{1, 2, 3, 4, 5, 6, 7, 9}}, torch::kLong);
  const auto b = torch::tensor({{7, 6, 5, 4, 3, 2, 1, 9}}, torch::kLong);
  const auto la = model->forward(a).select(1, 7), lb = model->forward(b).select(1, 7);
  EXPECT_GT((la - lb).abs().max().item<double>(), 1e-4);
}

TEST(Gpt, InitialisesPerParametrization) {
  torch::manual_seed(3);
  const GptArch arch{500, 16, 128, 2, 4, 512, false};
  for (auto p : {Parametrization::kSp, Parametrization::kUMup}) {
    Gpt model(arch, p);
    const double want = p == Parametrization::kSp ? 0.02 : 1.0;
    for (const auto& np : model->named_parameters()) {
      const auto& w = np.value();
      if (w.dim() == 1) {
        EXPECT_TRUE(torch::equal(w, torch::ones_like(w))) << np.key();
      } else {
        EXPECT_NEAR(w.std().item<double>(), want, 0.05 * want) << np.key();
      }
    }
  }
}

TEST(Gpt, RejectsInconsistentShapes) {
  EXPECT_THROW(Gpt(GptArch{257, 16, 30, 2, 4, 64, false}, Parametrization::kSp), Error);  // 4 !| 30
  EXPECT_THROW(Gpt(GptArch{257, 16, 30, 2, 10, 64, false}, Parametrization::kSp), Error); // odd head
}

}  // namespace
}  // namespace ff
