// A model family that is not a GPT, for ff::find_optimal: an MLP regressor of width `hidden`
// learning a fixed random "teacher" network from fresh samples (the student-teacher setting of
// scaling-law studies). Shared by examples/custom_model.cpp and the API tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include "ff/flops_fit.h"

namespace mlp_teacher {

constexpr int64_t kInputs = 8;           // features per sample
constexpr int64_t kTeacherWidth = 64;    // hidden units of the teacher
constexpr double kNoise = 0.05;          // std of the label noise (the irreducible loss is kNoise^2)
constexpr int64_t kEvalSamples = 4096;   // held-out samples
constexpr uint64_t kTeacherSeed = 20240601;
constexpr uint64_t kEvalSeed = 777;

/// Student: kInputs -> hidden -> hidden -> 1, GELU; hidden^2 + 11 hidden + 1 parameters.
struct MlpImpl : torch::nn::Module {
  explicit MlpImpl(int64_t hidden)
      : fc1(register_module("fc1", torch::nn::Linear(kInputs, hidden))),
        fc2(register_module("fc2", torch::nn::Linear(hidden, hidden))),
        fc3(register_module("fc3", torch::nn::Linear(hidden, 1))) {}
  /// x (B, kInputs) -> predictions (B, 1).
  torch::Tensor forward(const torch::Tensor& x) { return fc3(torch::gelu(fc2(torch::gelu(fc1(x))))); }
  torch::nn::Linear fc1, fc2, fc3;
};
TORCH_MODULE(Mlp);

/// y = teacher(x) + noise with x ~ N(0, I): a fresh batch per (seed, step), so runs resume
/// exactly; the held-out set is fixed.
class TeacherData : public ff::DataSource {
 public:
  TeacherData() {
    auto gen = at::detail::createCPUGenerator(kTeacherSeed);
    w1_ = torch::randn({kInputs, kTeacherWidth}, gen) / std::sqrt(static_cast<double>(kInputs));
    w2_ = torch::randn({kTeacherWidth, 1}, gen) / std::sqrt(static_cast<double>(kTeacherWidth));
  }
  int64_t tokens_per_sample() const override { return 1; }  // D counts samples
  ff::DataBatch train_batch(int64_t step, int64_t batch_size, uint64_t seed) override {
    return sample(batch_size, seed * 1000003ULL + static_cast<uint64_t>(step) + 1);
  }
  std::vector<ff::DataBatch> eval_batches(int64_t batch_size) override {
    const ff::DataBatch all = sample(kEvalSamples, kEvalSeed);
    std::vector<ff::DataBatch> batches;
    for (int64_t i = 0; i < kEvalSamples; i += batch_size) {
      const int64_t n = std::min(batch_size, kEvalSamples - i);
      batches.push_back({all.inputs.narrow(0, i, n), all.targets.narrow(0, i, n)});
    }
    return batches;
  }
  std::string describe() const override { return "teacher mlp d=8 w=64 noise=0.05"; }

 private:
  ff::DataBatch sample(int64_t n, uint64_t seed) const {
    auto gen = at::detail::createCPUGenerator(seed);
    const auto x = torch::randn({n, kInputs}, gen);
    const auto y = torch::tanh(x.mm(w1_)).mm(w2_) + kNoise * torch::randn({n, 1}, gen);
    return {x, y};
  }
  torch::Tensor w1_, w2_;  // (kInputs, kTeacherWidth), (kTeacherWidth, 1)
};

/// The factory: hidden (a count of units) -> the student.
inline ff::Model make_mlp(double hidden) { return Mlp(static_cast<int64_t>(hidden)); }

/// Widths from 4 to 512, 4 per doubling, multiples of 4.
inline ff::SizeParameter widths() { return ff::SizeParameter::geometric("hidden", 4, 512, 4, 4); }

}  // namespace mlp_teacher
