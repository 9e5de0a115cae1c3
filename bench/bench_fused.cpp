// Each fused CPU kernel of the GPT (ff/model/fused.h) against the unfused LibTorch ops it
// replaces, forward and backward, at the shapes of bench-train.sh's peer comparison: median
// milliseconds of `reps` calls after two warm-up calls, the two alternating call by call so that
// a shared machine's load falls on both alike. The process is prepared as ff-train's (OpenMP wait
// policy, malloc settings).
//
//   bench_fused [--threads N] [--reps N] [--only attention|loss]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "ff/cli/tool.h"
#include "ff/model/fused.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Shape {
  const char* name;
  int64_t vocab, d_model, heads, seq_len, batch;
};

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + static_cast<int64_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Median ms of a and of b, called alternately `reps` times after two warm-up calls each.
std::pair<double, double> alternate(const std::function<void()>& a, const std::function<void()>& b, int reps) {
  std::vector<double> ta, tb;
  for (int i = 0; i < reps + 2; ++i) {
    for (int which = 0; which < 2; ++which) {
      const auto start = Clock::now();
      (which == 0 ? a : b)();
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (i >= 2) (which == 0 ? ta : tb).push_back(ms);
    }
  }
  return {median(ta), median(tb)};
}

void report(const char* kernel, const Shape& s, std::pair<double, double> ms) {
  std::printf("| %s | %s | %.2f | %.2f | %.2fx |\n", kernel, s.name, ms.first, ms.second, ms.second / ms.first);
  std::fflush(stdout);
}

// Causal attention forward and backward, (B, H, T, D) heads in, (B, T, C) out.
void bench_attention(const Shape& s, int reps) {
  const int64_t d = s.d_model / s.heads;
  std::vector<torch::Tensor> qkv;
  for (int i = 0; i < 3; ++i) qkv.push_back(torch::randn({s.batch, s.heads, s.seq_len, d}).requires_grad_());
  const auto gy = torch::randn({s.batch, s.seq_len, s.d_model});
  const auto bias = torch::full({s.seq_len, s.seq_len}, -std::numeric_limits<float>::infinity()).triu(1);
  auto fused = [&] { torch::autograd::grad({ff::fused_causal_attention(qkv[0], qkv[1], qkv[2])}, qkv, {gy}); };
  auto plain = [&] {
    const auto y = torch::matmul(torch::softmax(torch::matmul(qkv[0], qkv[1].transpose(-2, -1)) + bias, -1), qkv[2]);
    torch::autograd::grad({y.transpose(1, 2).contiguous().view({s.batch, s.seq_len, s.d_model})}, qkv, {gy});
  };
  report("attention", s, alternate(fused, plain, reps));
}

// Head (linear to V logits) and mean cross-entropy, forward and backward.
void bench_loss(const Shape& s, int reps) {
  const auto h = torch::randn({s.batch, s.seq_len, s.d_model}).requires_grad_();
  const auto w = (torch::randn({s.vocab, s.d_model}) * 0.02).requires_grad_();
  const auto y = torch::randint(0, s.vocab, {s.batch, s.seq_len}, torch::kLong);
  auto fused = [&] { torch::autograd::grad({ff::fused_head_cross_entropy(h, w, y, 1.0)}, {h, w}); };
  auto plain = [&] {
    const auto logits = torch::nn::functional::linear(h, w);
    const auto loss = torch::nn::functional::cross_entropy(logits.view({-1, s.vocab}), y.view({-1}));
    torch::autograd::grad({loss}, {h, w});
  };
  report("head + cross-entropy", s, alternate(fused, plain, reps));
}

}  // namespace

int main(int argc, char** argv) {
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency())), reps = 10;
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--threads") threads = std::stoi(argv[i + 1]);
    else if (arg == "--reps") reps = std::stoi(argv[i + 1]);
    else if (arg == "--only") only = argv[i + 1];
  }
  ff::prepare_training_process(argv, threads);  // ff-train's OpenMP wait policy and malloc settings
  at::set_num_threads(threads);
  const Shape shapes[] = {{"cfg A", 512, 128, 4, 256, 16},
                          {"cfg B", 50257, 256, 4, 256, 8},
                          {"demo d16", 257, 16, 2, 128, 8},
                          {"demo d64", 257, 64, 8, 128, 8}};
  std::printf("threads %d, %d calls each\n\n| kernel | shape | fused ms | unfused ms | speed-up |\n|---|---|---|---|---|\n",
              threads, reps);
  for (const auto& s : shapes) {
    if (only.empty() || only == "attention") bench_attention(s, reps);
    if (only.empty() || only == "loss") bench_loss(s, reps);
  }
  return 0;
}
