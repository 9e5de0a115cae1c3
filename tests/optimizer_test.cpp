// The flat-buffer AdamW: the same updates as torch::optim::AdamW with clip_grad_norm_ over groups
// of different lr and weight decay, gradients that are views into one flat buffer, and a
// save/load round trip that continues exactly.
#include "ff/train/optimizer.h"

#include <memory>
#include <vector>

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace ff {
namespace {

struct TwoLayer : torch::nn::Module {
  TwoLayer() {
    w1 = register_parameter("w1", torch::randn({8, 4}));
    g1 = register_parameter("g1", torch::ones({8}));
    w2 = register_parameter("w2", torch::randn({3, 8}));
  }
  torch::Tensor forward(const torch::Tensor& x) { return torch::tanh(x.matmul(w1.t()) * g1).matmul(w2.t()); }
  torch::Tensor w1, g1, w2;
};

std::vector<ParamGroup> groups_of(TwoLayer& m) {
  return {{{m.w1, m.w2}, 1.0, 0.1}, {{m.g1}, 0.5, 0.0}};
}

LoopOptions options() {
  LoopOptions o;
  o.lr = 0.05;
  o.beta1 = 0.8;
  o.beta2 = 0.9;
  o.eps = 1e-6;
  return o;
}

// The loss of step `step`'s batch (fixed by the step), backpropagated.
void backward_step(TwoLayer& m, int step) {
  const auto gen = torch::make_generator<at::CPUGeneratorImpl>(100 + step);
  const auto x = torch::randn({16, 4}, gen), y = torch::randn({16, 3}, gen);
  torch::mse_loss(m.forward(x), y).mul(50.0).backward();  // large enough that clipping acts
}

TEST(GroupedAdamW, MatchesTorchAdamWWithClippingOverGroups) {
  torch::manual_seed(0);
  TwoLayer ours;
  torch::manual_seed(0);
  TwoLayer reference;
  const LoopOptions o = options();
  GroupedAdamW flat(groups_of(ours), o);
  std::vector<torch::optim::OptimizerParamGroup> torch_groups;
  for (const auto& g : groups_of(reference)) {
    auto opts = std::make_unique<torch::optim::AdamWOptions>(o.lr * g.lr_mult);
    opts->betas({o.beta1, o.beta2}).eps(o.eps).weight_decay(g.weight_decay);
    torch_groups.emplace_back(g.params, std::move(opts));
  }
  torch::optim::AdamW adamw(torch_groups, torch::optim::AdamWOptions(o.lr));
  for (int step = 0; step < 6; ++step) {
    const double factor = 0.5 + 0.1 * step;  // a schedule
    flat.set_lr_factor(factor);
    for (size_t g = 0; g < adamw.param_groups().size(); ++g) {
      auto& go = static_cast<torch::optim::AdamWOptions&>(adamw.param_groups()[g].options());
      go.lr(o.lr * (g == 0 ? 1.0 : 0.5) * factor);
    }
    flat.zero_grad();
    adamw.zero_grad();
    backward_step(ours, step);
    backward_step(reference, step);
    flat.clip_grad_norm(1.0);
    torch::nn::utils::clip_grad_norm_(reference.parameters(), 1.0);
    flat.step();
    adamw.step();
  }
  EXPECT_EQ(flat.steps(), 6);
  for (const auto& [a, b] : {std::pair{ours.w1, reference.w1}, {ours.g1, reference.g1}, {ours.w2, reference.w2}}) {
    EXPECT_TRUE(torch::allclose(a, b, 1e-5, 1e-6)) << (a - b).abs().max().item<double>();
  }
}

TEST(GroupedAdamW, GradientsAreViewsIntoOneFlatBuffer) {
  torch::manual_seed(0);
  TwoLayer m;
  GroupedAdamW flat(groups_of(m), options());
  const auto grads = flat.flat_grads();
  ASSERT_EQ(grads.size(), 1u);
  EXPECT_EQ(grads[0].numel(), 8 * 4 + 8 + 3 * 8);
  backward_step(m, 0);
  EXPECT_GT(grads[0].abs().sum().item<double>(), 0.0);
  EXPECT_NEAR(grads[0].pow(2).sum().item<double>(),
              (m.w1.grad().pow(2).sum() + m.g1.grad().pow(2).sum() + m.w2.grad().pow(2).sum()).item<double>(),
              1e-6 * grads[0].pow(2).sum().item<double>());
  flat.zero_grad();
  EXPECT_EQ(m.w1.grad().abs().sum().item<double>(), 0.0);
  grads[0].fill_(2.0);  // the parameters see what the buffer holds (an all-reduce writes there)
  EXPECT_EQ(m.g1.grad().sum().item<double>(), 16.0);
}

TEST(GroupedAdamW, SaveAndLoadContinueExactly) {
  torch::manual_seed(0);
  TwoLayer straight, resumed;
  {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < straight.parameters().size(); ++i) resumed.parameters()[i].copy_(straight.parameters()[i]);
  }
  GroupedAdamW a(groups_of(straight), options());
  auto run = [](TwoLayer& m, GroupedAdamW& opt, int from, int to) {
    for (int step = from; step < to; ++step) {
      opt.zero_grad();
      backward_step(m, step);
      opt.clip_grad_norm(1.0);
      opt.step();
    }
  };
  run(straight, a, 0, 5);
  torch::serialize::OutputArchive model_out, opt_out;
  straight.save(model_out);
  a.save(opt_out);
  std::stringstream model_bytes, opt_bytes;
  model_out.save_to(model_bytes);
  opt_out.save_to(opt_bytes);
  run(straight, a, 5, 9);

  GroupedAdamW b(groups_of(resumed), options());
  torch::serialize::InputArchive model_in, opt_in;
  model_in.load_from(model_bytes);
  opt_in.load_from(opt_bytes);
  resumed.load(model_in);
  b.load(opt_in);
  EXPECT_EQ(b.steps(), 5);
  run(resumed, b, 5, 9);
  for (size_t i = 0; i < straight.parameters().size(); ++i) {
    EXPECT_TRUE(torch::equal(straight.parameters()[i], resumed.parameters()[i])) << i;
  }
  EXPECT_TRUE(torch::equal(b.flat_grads()[0], a.flat_grads()[0]));  // the loaded parameters are back in the buffer
}

}  // namespace
}  // namespace ff
