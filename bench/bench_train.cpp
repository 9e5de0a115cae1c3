// Training throughput of the GPT on this machine: tokens/s of ff-train's own loop (train_gpt), the
// multiply work it does per token, and that work's rate against the fp32 matmul rate measured
// warm here (the faster of LibTorch's mm and the fused kernels' gemm at each shape), at the model's
// own matrix shapes and at 2048^3; which BLAS and allocator the process loaded, which library the
// fused kernels' products use (FF_GEMM), and the OpenMP wait policy it runs under.
//
//   bench_train [--threads N] [--steps N] [--parametrization sp|u-mup] [--plan plan.json]
//               [--unfused] [vocab d_model n_layers n_heads seq_len batch]...
// --unfused: plain LibTorch ops instead of the fused CPU kernels (train.fused_kernels=false).
// --plan takes the smallest, the middle and the largest distinct architecture of a plan, with
// the plan's batch size (scripts/bench-train.sh plans the CPU preset and runs this). Without
// shapes or a plan it runs the byte-level trio d64/L2, d128/L4, d256/L6 (seq 256, batch 16).
//
// Multiply work per token (matmul_flops_per_token): 6 x the parameters of every matrix product
// (the blocks' qkv, output and MLP matrices and the head; the token embedding is a lookup and
// the norm gains are elementwise, so neither counts) plus attention's q.k^T and the weighted sum
// of v over the causal triangle, (T + 1) / 2 keys per query on average: 2 x 2 (T + 1) / 2 C per
// layer forward, x3 with backward. The 6N convention of ff-plan counts the embedding too.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <ATen/Parallel.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/cli/tool.h"
#include "ff/model/fused.h"
#include "ff/plan/arch.h"
#include "ff/plan/plan.h"
#include "ff/train/gpt_run.h"
#include "matrix_product.h"

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

// Multiply FLOPs per trained token (see the file comment).
double matmul_flops_per_token(const ff::GptArch& a) {
  const double c = static_cast<double>(a.d_model), ff_dim = static_cast<double>(a.d_ff);
  const double matrices = static_cast<double>(a.n_layers) * (4.0 * c * c + 2.0 * c * ff_dim) +
                          static_cast<double>(a.vocab_size) * c;  // the head (tied: the embedding's matrix)
  const double attention = static_cast<double>(a.n_layers) * 2.0 * (static_cast<double>(a.seq_len) + 1.0) * c;
  return 6.0 * matrices + 3.0 * attention;
}

// Best time of `reps` calls of `op` after two warm-up calls, seconds.
double best_seconds(const std::function<void()>& op, int reps) {
  op();
  op();
  double best = 1e30;
  for (int i = 0; i < reps; ++i) {
    const auto start = Clock::now();
    op();
    best = std::min(best, seconds_since(start));
  }
  return best;
}

// Best time of one row-major product C (m x n) = op(A) op(B) over k, warm, with whichever of
// LibTorch's mm (its BLAS) and the fused kernels' gemm (oneDNN's sgemm unless FF_GEMM=blas) is
// faster at this shape: the rate the multiply work is compared with is the best this process has.
double product_seconds(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, int reps) {
  MatrixProduct product(trans_a, trans_b, m, n, k);
  const double torch_mm = best_seconds([&] { product.mm(); }, reps);
  return std::min(torch_mm, best_seconds([&] { product.fused(); }, reps));
}

// fp32 GEMM rate (FLOP/s) of an n x n x n product, warm, best of `reps`.
double square_matmul_rate(int64_t n, int reps) {
  return 2.0 * static_cast<double>(n * n * n) / product_seconds(false, false, n, n, n, reps);
}

// fp32 rate (FLOP/s) of every matrix product one training step of `s` runs, at its own shapes,
// warm: each linear layer forward (x W^T) and backward (dy W, dy^T x) on M = B T rows, and per
// layer the six (B H) products of attention (q k^T, p v forward; four backward), each with the
// full T x T square. Sum of FLOPs / sum of best times.
double model_matmul_rate(const Shape& s, int reps) {
  const ff::GptArch& a = s.arch;
  const int64_t m = s.batch * a.seq_len, c = a.d_model, t = a.seq_len;
  const int64_t bh = s.batch * a.n_heads, d = c / a.n_heads;
  double flops = 0.0, seconds = 0.0;
  auto linear = [&](int64_t in, int64_t out, int64_t count) {
    const double sec = product_seconds(false, true, m, out, in, reps) +   // x W^T
                       product_seconds(false, false, m, in, out, reps) +  // dy W
                       product_seconds(true, false, out, in, m, reps);    // dy^T x
    flops += static_cast<double>(count) * 3.0 * 2.0 * static_cast<double>(m * in * out);
    seconds += static_cast<double>(count) * sec;
  };
  linear(c, 3 * c, a.n_layers);
  linear(c, c, a.n_layers);
  linear(c, a.d_ff, a.n_layers);
  linear(a.d_ff, c, a.n_layers);
  linear(c, a.vocab_size, 1);
  const double scores = product_seconds(false, true, t, t, d, reps);  // (T,D)(D,T), one (batch, head)
  const double mix = product_seconds(false, false, t, d, t, reps);    // (T,T)(T,D)
  flops += static_cast<double>(a.n_layers) * 6.0 * 2.0 * static_cast<double>(bh * t * t * d);
  seconds += static_cast<double>(a.n_layers * bh) * 3.0 * (scores + mix);
  return flops / seconds;
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
    for (const char* name : {"blas", "blis", "mkl", "atlas", "malloc"}) {
      if (path.find(name) != std::string::npos) paths.insert(path);
    }
  }
  return paths;
}

// Median tokens/s of `steps` optimizer steps of ff-train's own loop (train_gpt: batches,
// forward, loss, backward, clipping, AdamW) after 3 warm-up steps, on uniform random tokens.
double train_tokens_per_second(const Shape& s, ff::Parametrization p, bool fused, int steps, int threads) {
  const ff::GptArch& arch = s.arch;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> token(0, static_cast<int>(arch.vocab_size) - 1);
  const int warmup = 3;
  std::vector<uint16_t> train(static_cast<size_t>((steps + warmup) * s.batch * (arch.seq_len + 1) + 1));
  std::vector<uint16_t> valid(static_cast<size_t>(s.batch * arch.seq_len + 1));
  for (auto& v : train) v = static_cast<uint16_t>(token(rng));
  for (auto& v : valid) v = static_cast<uint16_t>(token(rng));

  ff::LoopOptions opts;
  opts.device = ff::Device::kCpu;
  opts.threads = threads;
  opts.lr = p == ff::Parametrization::kSp ? 3e-3 : 0.3;
  opts.weight_decay = p == ff::Parametrization::kSp ? 0.1 : 1e-4;
  opts.eval_tokens = s.batch * arch.seq_len;  // one held-out batch, evaluated once at the end
  opts.eval_interval = opts.log_interval = steps + warmup + 1;
  std::vector<double> step_seconds;
  auto last = Clock::now();
  opts.after_step = [&](int64_t done) {
    if (done > warmup) step_seconds.push_back(seconds_since(last));
    last = Clock::now();
  };
  const ff::RunSpec spec{"bench", steps + warmup, s.batch, 0.0, ""};
  // A bench run interrupted by a signal leaves a checkpoint here; every run starts fresh.
  const auto checkpoint = std::filesystem::temp_directory_path() / "ff-bench-train-no-checkpoint.pt";
  std::filesystem::remove(checkpoint);
  last = Clock::now();
  ff::train_gpt(spec, ff::GptModel{arch, p, fused}, opts, train, valid, checkpoint);
  std::filesystem::remove(checkpoint);
  std::nth_element(step_seconds.begin(), step_seconds.begin() + steps / 2, step_seconds.end());
  return static_cast<double>(s.batch * arch.seq_len) / step_seconds[static_cast<size_t>(steps / 2)];
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int steps = 10;
  std::string parametrization = "sp", plan;
  bool fused = true;
  std::vector<int64_t> numbers;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--threads" && i + 1 < argc) threads = std::stoi(argv[++i]);
    else if (arg == "--steps" && i + 1 < argc) steps = std::stoi(argv[++i]);
    else if (arg == "--parametrization" && i + 1 < argc) parametrization = argv[++i];
    else if (arg == "--plan" && i + 1 < argc) plan = argv[++i];
    else if (arg == "--unfused") fused = false;
    else numbers.push_back(std::stoll(arg));
  }
  const bool umup = parametrization == ff::to_string(ff::Parametrization::kUMup);
  if (numbers.size() % 6 != 0 || steps < 1 ||
      (!umup && parametrization != ff::to_string(ff::Parametrization::kSp))) {
    std::fprintf(stderr, "usage: bench_train [--threads N] [--steps N] [--parametrization sp|u-mup] "
                         "[--plan plan.json] [--unfused] [vocab d_model n_layers n_heads seq_len batch]...\n");
    return 1;
  }
  ff::prepare_training_process(argv, threads);  // ff-train's OpenMP wait policy and malloc settings
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

  const double square = square_matmul_rate(2048, 5);
  const char* wait_policy = std::getenv("OMP_WAIT_POLICY");
  std::printf("threads %d, OMP_WAIT_POLICY %s, parametrization %s%s, fp32 matmul 2048^3 (warm): %.1f GFLOP/s\n",
              threads, wait_policy ? wait_policy : "(unset)", parametrization.c_str(), fused ? "" : ", unfused", square / 1e9);
  for (const auto& path : loaded_blas()) std::printf("loaded: %s\n", path.c_str());
  std::printf("fused kernels' products: %s\n", ff::gemm_backend().c_str());
  std::printf("\n| vocab | d | L | H | T | B | params | matmul FLOP/token | tok/s | GFLOP/s | "
              "matmul at its shapes | of that | of 2048^3 |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& s : shapes) {
    const ff::GptArch& a = s.arch;
    const double flops_per_token = matmul_flops_per_token(a);
    const double tok_s = train_tokens_per_second(s, p, fused, steps, threads);
    const double own = model_matmul_rate(s, 5);
    const double achieved = tok_s * flops_per_token;
    std::printf("| %lld | %lld | %lld | %lld | %lld | %lld | %.3g M | %.3g M | %.0f | %.1f | %.1f GFLOP/s | "
                "%.0f%% | %.0f%% |\n",
                static_cast<long long>(a.vocab_size), static_cast<long long>(a.d_model),
                static_cast<long long>(a.n_layers), static_cast<long long>(a.n_heads),
                static_cast<long long>(a.seq_len), static_cast<long long>(s.batch),
                static_cast<double>(ff::n_params(a)) / 1e6, flops_per_token / 1e6, tok_s, achieved / 1e9,
                own / 1e9, 100.0 * achieved / own, 100.0 * achieved / square);
    std::fflush(stdout);
  }
  return 0;
}
