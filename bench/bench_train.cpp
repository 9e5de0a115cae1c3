// Training throughput of the GPT on this machine: tokens/s, achieved FLOP/s (6N + 6 L T C per
// token), the fp32 matmul ceiling measured here, their ratio, and which BLAS LibTorch loaded.
//
//   bench_train [--threads N] [--steps N] [--parametrization sp|u-mup]
//               [vocab d_model n_layers n_heads seq_len batch]...
// Without shapes it runs the byte-level trio d64/L2, d128/L4, d256/L6 (seq 256, batch 16).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "ff/model/gpt.h"
#include "ff/plan/arch.h"
#include "ff/train/optimizer.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Shape {
  int64_t vocab, d_model, n_layers, n_heads, seq_len, batch;
};

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// fp32 GEMM rate (FLOP/s) of an n x n x n product, best of `reps`.
double matmul_flops(int64_t n, int reps) {
  const auto a = torch::randn({n, n}), b = torch::randn({n, n});
  auto c = torch::mm(a, b);  // warm up
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const auto start = Clock::now();
    c = torch::mm(a, b);
    best = std::min(best, seconds_since(start));
  }
  return 2.0 * static_cast<double>(n * n * n) / best;
}

// Shared libraries mapped into this process whose path mentions a BLAS.
std::set<std::string> loaded_blas() {
  std::ifstream maps("/proc/self/maps");
  std::set<std::string> paths;
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    if (path.find("blas") != std::string::npos || path.find("blis") != std::string::npos ||
        path.find("mkl") != std::string::npos || path.find("atlas") != std::string::npos) {
      paths.insert(path);
    }
  }
  return paths;
}

// Median tokens/s over `steps` training steps (forward, loss, backward, clip, AdamW) after 3
// warm-up steps, on random tokens.
double train_tokens_per_second(const Shape& s, ff::Parametrization p, int steps) {
  const ff::GptArch arch{s.vocab, s.seq_len, s.d_model, s.n_layers, s.n_heads, 4 * s.d_model, false};
  torch::manual_seed(0);
  ff::Gpt model(arch, p);
  ff::TrainOptions opts;
  opts.lr = p == ff::Parametrization::kSp ? 3e-3 : 0.3;
  opts.weight_decay = p == ff::Parametrization::kSp ? 0.1 : 1e-4;
  ff::GptOptimizer optimizer(model, opts, p);
  std::vector<double> step_seconds;
  for (int i = 0; i < steps + 3; ++i) {
    const auto batch = torch::randint(0, s.vocab, {s.batch, s.seq_len + 1}, torch::kLong);
    const auto x = batch.narrow(1, 0, s.seq_len), y = batch.narrow(1, 1, s.seq_len);
    const auto start = Clock::now();
    optimizer.adamw().zero_grad();
    const auto logits = model->forward(x);
    auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, s.vocab}), y.reshape({-1}));
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
    optimizer.adamw().step();
    (void)loss.item<double>();
    if (i >= 3) step_seconds.push_back(seconds_since(start));
  }
  std::nth_element(step_seconds.begin(), step_seconds.begin() + steps / 2, step_seconds.end());
  return static_cast<double>(s.batch * s.seq_len) / step_seconds[static_cast<size_t>(steps / 2)];
}

}  // namespace

int main(int argc, char** argv) {
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int steps = 10;
  std::string parametrization = "sp";
  std::vector<int64_t> numbers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (arg == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
    else if (arg == "--parametrization" && i + 1 < argc) parametrization = argv[++i];
    else numbers.push_back(std::stoll(arg));
  }
  if (numbers.size() % 6 != 0) {
    std::fprintf(stderr, "usage: bench_train [--threads N] [--steps N] [--parametrization sp|u-mup] "
                         "[vocab d_model n_layers n_heads seq_len batch]...\n");
    return 1;
  }
  std::vector<Shape> shapes;
  for (size_t i = 0; i < numbers.size(); i += 6) {
    shapes.push_back({numbers[i], numbers[i + 1], numbers[i + 2], numbers[i + 3], numbers[i + 4],
                      numbers[i + 5]});
  }
  if (shapes.empty()) {
    shapes = {{257, 64, 2, 2, 256, 16}, {257, 128, 4, 4, 256, 16}, {257, 256, 6, 4, 256, 16}};
  }
  at::set_num_threads(threads);
  const ff::Parametrization p = ff::parse_parametrization(parametrization);

  const double ceiling = matmul_flops(2048, 5);
  std::printf("threads %d, parametrization %s, fp32 matmul 2048^3: %.1f GFLOP/s\n", threads,
              parametrization.c_str(), ceiling / 1e9);
  for (const auto& path : loaded_blas()) std::printf("BLAS loaded: %s\n", path.c_str());
  std::printf("\n| vocab | d | L | H | T | B | params | FLOP/token | tok/s | GFLOP/s | of matmul |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& s : shapes) {
    const ff::GptArch arch{s.vocab, s.seq_len, s.d_model, s.n_layers, s.n_heads, 4 * s.d_model, false};
    const double flops_per_token = ff::flops_per_token_with_attention(arch);
    const double tok_s = train_tokens_per_second(s, p, steps);
    const double achieved = tok_s * flops_per_token;
    std::printf("| %lld | %lld | %lld | %lld | %lld | %lld | %.3g M | %.3g M | %.0f | %.1f | %.0f%% |\n",
                static_cast<long long>(s.vocab), static_cast<long long>(s.d_model),
                static_cast<long long>(s.n_layers), static_cast<long long>(s.n_heads),
                static_cast<long long>(s.seq_len), static_cast<long long>(s.batch),
                static_cast<double>(ff::n_params(arch)) / 1e6, flops_per_token / 1e6, tok_s,
                achieved / 1e9, 100.0 * achieved / ceiling);
  }
  return 0;
}
