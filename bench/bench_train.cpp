// Training throughput of the GPT on this machine: tokens/s, achieved FLOP/s (6N + 6 L T C per
// token), the fp32 matmul ceiling measured here, their ratio, and which BLAS (and allocator)
// the process loaded.
//
//   bench_train [--threads N] [--steps N] [--parametrization sp|u-mup] [--plan plan.json]
//               [vocab d_model n_layers n_heads seq_len batch]...
// --plan takes the smallest, the middle and the largest distinct architecture of a plan, with
// the plan's batch size (scripts/bench-train.sh plans the CPU preset and runs this). Without
// shapes or a plan it runs the byte-level trio d64/L2, d128/L4, d256/L6 (seq 256, batch 16).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include "ff/cli/tool.h"
#include "ff/model/gpt.h"
#include "ff/plan/arch.h"
#include "ff/plan/plan.h"
#include "ff/train/gpt_run.h"
#include "ff/train/optimizer.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Shape {
  ff::GptArch arch;
  int64_t batch = 0;  // sequences per step, B
};

Shape shape_of(int64_t vocab, int64_t d_model, int64_t n_layers, int64_t n_heads, int64_t seq_len,
               int64_t batch) {
  return {{vocab, seq_len, d_model, n_layers, n_heads, 4 * d_model, false}, batch};
}

// The smallest, middle and largest distinct architectures of a plan (by n_params).
std::vector<Shape> shapes_from_plan(const std::string& path) {
  const ff::Plan plan = ff::read_plan(path);
  std::vector<ff::PlannedRun> runs = plan.runs;
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.n_params < b.n_params; });
  runs.erase(std::unique(runs.begin(), runs.end(),
                         [](const auto& a, const auto& b) { return a.n_params == b.n_params; }),
             runs.end());
  std::vector<Shape> shapes;
  for (size_t i : {size_t{0}, runs.size() / 2, runs.size() - 1}) {
    if (i < runs.size() && (shapes.empty() || shapes.back().arch.d_model != runs[i].arch.d_model ||
                            shapes.back().arch.n_layers != runs[i].arch.n_layers)) {
      shapes.push_back({runs[i].arch, runs[i].batch_size});
    }
  }
  return shapes;
}

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

// Shared libraries mapped into this process whose path mentions a BLAS or an allocator.
std::set<std::string> loaded_blas() {
  std::ifstream maps("/proc/self/maps");
  std::set<std::string> paths;
  std::string line;
  while (std::getline(maps, line)) {
    const auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    if (path.find("blas") != std::string::npos || path.find("blis") != std::string::npos ||
        path.find("mkl") != std::string::npos || path.find("atlas") != std::string::npos ||
        path.find("malloc") != std::string::npos) {
      paths.insert(path);
    }
  }
  return paths;
}

// Median tokens/s over `steps` training steps (forward, loss, backward, clip, AdamW) after 3
// warm-up steps, on random tokens.
double train_tokens_per_second(const Shape& s, ff::Parametrization p, int steps) {
  const ff::GptArch& arch = s.arch;
  const int64_t vocab = arch.vocab_size, seq_len = arch.seq_len;
  torch::manual_seed(0);
  ff::Gpt model(arch, p);
  ff::LoopOptions opts;
  opts.lr = p == ff::Parametrization::kSp ? 3e-3 : 0.3;
  opts.weight_decay = p == ff::Parametrization::kSp ? 0.1 : 1e-4;
  ff::GroupedAdamW optimizer(ff::gpt_param_groups(model, opts, p), opts);
  std::vector<double> step_seconds;
  for (int i = 0; i < steps + 3; ++i) {
    const auto batch = torch::randint(0, vocab, {s.batch, seq_len + 1}, torch::kLong);
    const auto x = batch.narrow(1, 0, seq_len), y = batch.narrow(1, 1, seq_len);
    const auto start = Clock::now();
    optimizer.adamw().zero_grad();
    const auto logits = model->forward(x);
    auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, vocab}), y.reshape({-1}));
    loss.backward();
    torch::nn::utils::clip_grad_norm_(model->parameters(), 1.0);
    optimizer.adamw().step();
    (void)loss.item<double>();
    if (i >= 3) step_seconds.push_back(seconds_since(start));
  }
  std::nth_element(step_seconds.begin(), step_seconds.begin() + steps / 2, step_seconds.end());
  return static_cast<double>(s.batch * seq_len) / step_seconds[static_cast<size_t>(steps / 2)];
}

}  // namespace

int main(int argc, char** argv) {
  ff::prepare_training_process(argv);  // the OpenMP wait policy and malloc settings of ff-train
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int steps = 10;
  std::string parametrization = "sp", plan;
  std::vector<int64_t> numbers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (arg == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
    else if (arg == "--parametrization" && i + 1 < argc) parametrization = argv[++i];
    else if (arg == "--plan" && i + 1 < argc) plan = argv[++i];
    else numbers.push_back(std::stoll(arg));
  }
  const bool umup = parametrization == ff::to_string(ff::Parametrization::kUMup);
  if (numbers.size() % 6 != 0 || (!umup && parametrization != ff::to_string(ff::Parametrization::kSp))) {
    std::fprintf(stderr, "usage: bench_train [--threads N] [--steps N] [--parametrization sp|u-mup] "
                         "[--plan plan.json] [vocab d_model n_layers n_heads seq_len batch]...\n");
    return 1;
  }
  std::vector<Shape> shapes;
  if (!plan.empty()) shapes = shapes_from_plan(plan);
  for (size_t i = 0; i < numbers.size(); i += 6) {
    shapes.push_back(shape_of(numbers[i], numbers[i + 1], numbers[i + 2], numbers[i + 3],
                              numbers[i + 4], numbers[i + 5]));
  }
  if (shapes.empty()) {
    shapes = {shape_of(257, 64, 2, 2, 256, 16), shape_of(257, 128, 4, 4, 256, 16),
              shape_of(257, 256, 6, 4, 256, 16)};
  }
  at::set_num_threads(threads);
  const ff::Parametrization p = umup ? ff::Parametrization::kUMup : ff::Parametrization::kSp;

  const double ceiling = matmul_flops(2048, 5);
  const char* wait_policy = std::getenv("OMP_WAIT_POLICY");
  std::printf("threads %d, OMP_WAIT_POLICY %s, parametrization %s, fp32 matmul 2048^3: %.1f GFLOP/s\n",
              threads, wait_policy ? wait_policy : "(unset)", parametrization.c_str(), ceiling / 1e9);
  for (const auto& path : loaded_blas()) std::printf("loaded: %s\n", path.c_str());
  std::printf("\n| vocab | d | L | H | T | B | params | FLOP/token | tok/s | GFLOP/s | of matmul |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& s : shapes) {
    const ff::GptArch& a = s.arch;
    const double flops_per_token = ff::flops_per_token_with_attention(a);
    const double tok_s = train_tokens_per_second(s, p, steps);
    const double achieved = tok_s * flops_per_token;
    std::printf("| %lld | %lld | %lld | %lld | %lld | %lld | %.3g M | %.3g M | %.0f | %.1f | %.0f%% |\n",
                static_cast<long long>(a.vocab_size), static_cast<long long>(a.d_model),
                static_cast<long long>(a.n_layers), static_cast<long long>(a.n_heads),
                static_cast<long long>(a.seq_len), static_cast<long long>(s.batch),
                static_cast<double>(ff::n_params(a)) / 1e6, flops_per_token / 1e6, tok_s,
                achieved / 1e9, 100.0 * achieved / ceiling);
  }
  return 0;
}
