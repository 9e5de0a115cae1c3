// The training loop of one run (see trainer.h): iso-FLOP token accounting, next-token targets,
// AdamW + warmup/cosine, gradient clipping, held-out evals, divergence, checkpoints and resume.
#include "ff/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include <ATen/Parallel.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/train/batches.h"
#include "ff/train/checkpoint.h"
#include "ff/train/optimizer.h"
#include "ff/train/schedule.h"
#include "ff/train/stop_signal.h"

namespace ff {
namespace {

constexpr double kEmaBeta = 0.9;  // smoothing of the reported training loss
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void validate_options(const TrainOptions& o) {
  check(o.lr > 0.0 && std::isfinite(o.lr), "train.lr ({}) must be a positive number", o.lr);
  check(o.beta1 >= 0.0 && o.beta1 < 1.0, "train.beta1 ({}) must lie in [0, 1)", o.beta1);
  check(o.beta2 >= 0.0 && o.beta2 < 1.0, "train.beta2 ({}) must lie in [0, 1)", o.beta2);
  check(o.eps > 0.0, "train.eps ({}) must be positive", o.eps);
  check(o.weight_decay >= 0.0, "train.weight_decay ({}) must be >= 0", o.weight_decay);
  check(o.grad_clip >= 0.0, "train.grad_clip ({}) must be >= 0 (0 = off)", o.grad_clip);
  check(o.divergence_factor > 1.0, "train.divergence_factor ({}) must exceed 1", o.divergence_factor);
  check(o.eval_interval >= 0 && o.log_interval >= 0 && o.checkpoint_interval >= 0,
        "train.eval_interval ({}), log_interval ({}) and checkpoint_interval ({}) must be >= 0",
        o.eval_interval, o.log_interval, o.checkpoint_interval);
  check(o.threads >= 0, "train.threads ({}) must be >= 0 (0 = all cores)", o.threads);
  if (parse_parametrization(o.parametrization) == Parametrization::kUMup) {
    check(o.weight_decay <= 0.01,
          "train.weight_decay ({}) is u-mup's independent per-step decay and would erase the "
          "weights (hint: use about 1e-4, or 0)", o.weight_decay);
  }
}

void validate_tokens(const std::vector<uint16_t>& tokens, int64_t vocab, const char* which) {
  const auto max_it = std::max_element(tokens.begin(), tokens.end());
  check(max_it == tokens.end() || *max_it < vocab,
        "{} tokens: id {} is outside the model's vocabulary of {} (hint: model.vocab_size must "
        "match the tokenizer)", which, max_it == tokens.end() ? 0 : *max_it, vocab);
}

torch::Device resolve_device(const std::string& name) {
  if (name == "cpu") return torch::kCPU;
  if (name == "cuda") {
    check(torch::cuda::is_available(),
          "train.device: 'cuda' requested but no CUDA device is available to LibTorch (hint: "
          "device=auto or cpu)");
    return torch::kCUDA;
  }
  check(name == "auto", "train.device: unknown value '{}' (expected auto, cpu or cuda)", name);
  return torch::cuda::is_available() ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

void set_threads(int threads) {
  const int n = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(n);
}

// (B, T) int64 inputs and next-token targets on `device`.
std::pair<torch::Tensor, torch::Tensor> to_tensors(const Batch& batch, const torch::Device& device) {
  const std::vector<int64_t> shape{batch.batch_size, batch.seq_len};
  auto x = torch::tensor(batch.inputs, torch::kLong).view(shape).to(device);
  auto y = torch::tensor(batch.targets, torch::kLong).view(shape).to(device);
  return {x, y};
}

// Mean next-token cross-entropy (nats/token) of logits (B, T, V) against y (B, T).
torch::Tensor next_token_loss(const torch::Tensor& logits, const torch::Tensor& y) {
  return torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), y.reshape({-1}));
}

// Mean cross-entropy over the fixed held-out windows, in eval mode without gradients.
double evaluate(Gpt& model, const std::vector<uint16_t>& tokens, const std::vector<int64_t>& starts,
                int64_t seq_len, int64_t batch_size, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  model->eval();
  double sum = 0.0;
  for (size_t first = 0; first < starts.size(); first += static_cast<size_t>(batch_size)) {
    const size_t last = std::min(starts.size(), first + static_cast<size_t>(batch_size));
    const std::vector<int64_t> chunk(starts.begin() + static_cast<std::ptrdiff_t>(first),
                                     starts.begin() + static_cast<std::ptrdiff_t>(last));
    auto [x, y] = to_tensors(make_batch(tokens, chunk, seq_len), device);
    sum += next_token_loss(model->forward(x), y).item<double>() * static_cast<double>(chunk.size());
  }
  model->train();
  return sum / static_cast<double>(starts.size());
}

std::string format_eta(double seconds) {
  const auto s = static_cast<int64_t>(std::max(0.0, seconds));
  return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

// Everything the loop needs, built once per call.
struct Run {
  const RunSpec& spec;
  const TrainOptions& opts;
  const std::vector<uint16_t>& train_tokens;
  const std::vector<uint16_t>& valid_tokens;
  torch::Device device;
  Gpt model;
  GptOptimizer optimizer;
  LrSchedule schedule;
  WindowSampler sampler;
  std::vector<int64_t> eval_starts;
  double flops_per_token;
  int64_t eval_interval, log_interval;
};

// One optimizer step on step `step`'s batch; returns the training loss before the update.
double train_step(Run& run, int64_t step) {
  const int64_t t = run.spec.arch.seq_len;
  auto [x, y] = to_tensors(
      make_batch(run.train_tokens, run.sampler.batch_starts(step, run.spec.batch_size), t), run.device);
  run.optimizer.set_lr_factor(lr_factor(run.schedule, step));
  run.optimizer.adamw().zero_grad();
  auto loss = next_token_loss(run.model->forward(x), y);
  const double value = loss.item<double>();
  if (!std::isfinite(value)) return value;  // no update from a non-finite loss
  loss.backward();
  if (run.opts.grad_clip > 0.0) {
    torch::nn::utils::clip_grad_norm_(run.model->parameters(), run.opts.grad_clip);
  }
  run.optimizer.adamw().step();
  return value;
}

CurvePoint curve_point(const Run& run, const TrainProgress& p, double eval_loss, double tok_per_s) {
  const int64_t tokens = p.step * run.spec.batch_size * run.spec.arch.seq_len;
  const double smoothed = p.loss_ema / (1.0 - std::pow(kEmaBeta, static_cast<double>(p.step)));
  return {p.step, tokens, static_cast<double>(tokens) * run.flops_per_token,
          run.opts.lr * lr_factor(run.schedule, p.step - 1), smoothed, eval_loss, tok_per_s};
}

// Training-time meters: throughput since the last curve point and since the last log line.
struct Meters {
  double window_seconds = 0.0;  // training time since the last curve point (evals excluded)
  int64_t window_steps = 0;
  double log_seconds = 0.0;     // training time since the last progress line
  int64_t log_steps = 0;
  void add_step(double seconds) {
    window_seconds += seconds;
    log_seconds += seconds;
    ++window_steps;
    ++log_steps;
  }
};

int64_t tokens_per_step(const Run& run) { return run.spec.batch_size * run.spec.arch.seq_len; }

// One fixed-field progress line on stderr: run, step/steps, loss, lr, ms/step, tokens/s, ETA.
void log_progress(const Run& run, const TrainProgress& p, double loss, Meters& m) {
  const double ms_per_step = 1e3 * m.log_seconds / static_cast<double>(m.log_steps);
  spdlog::info("{} step {:>7}/{} loss {:.4f} lr {:.3e} {:8.1f} ms/step {:9.0f} tok/s eta {}",
               run.spec.run_id, p.step, run.spec.steps, loss,
               run.opts.lr * lr_factor(run.schedule, p.step - 1), ms_per_step,
               1e3 * static_cast<double>(tokens_per_step(run)) / ms_per_step,
               format_eta(1e-3 * ms_per_step * static_cast<double>(run.spec.steps - p.step)));
  m.log_seconds = 0.0;
  m.log_steps = 0;
}

// Evaluates the held-out windows and appends a curve point; returns the held-out loss.
double record_eval(Run& run, TrainProgress& p, Meters& m) {
  const double tok_per_s = m.window_steps > 0 ? static_cast<double>(m.window_steps * tokens_per_step(run)) /
                                                    m.window_seconds
                                              : 0.0;
  const double eval_loss = evaluate(run.model, run.valid_tokens, run.eval_starts,
                                    run.spec.arch.seq_len, run.spec.batch_size, run.device);
  p.curve.push_back(curve_point(run, p, eval_loss, tok_per_s));
  m.window_seconds = 0.0;
  m.window_steps = 0;
  return eval_loss;
}

RunOutcome finish(const Run& run, const TrainProgress& p, const std::string& status,
                  double final_loss, Clock::time_point session_start) {
  RunOutcome out;
  out.status = status;
  out.final_loss = final_loss;
  out.wall_seconds = p.wall_seconds + seconds_since(session_start);
  out.tokens_seen = p.step * run.spec.batch_size * run.spec.arch.seq_len;
  out.curve = p.curve;
  return out;
}

RunOutcome train_run_unchecked(const RunSpec& spec, const TrainOptions& opts,
                               const std::vector<uint16_t>& train_tokens,
                               const std::vector<uint16_t>& valid_tokens,
                               const std::filesystem::path& run_dir) {
  const auto session_start = Clock::now();
  validate_options(opts);
  check(spec.steps > 0 && spec.batch_size > 0, "run {}: steps ({}) and batch_size ({}) must be positive",
        spec.run_id, spec.steps, spec.batch_size);
  validate_tokens(train_tokens, spec.arch.vocab_size, "train");
  validate_tokens(valid_tokens, spec.arch.vocab_size, "valid");
  const LrSchedule schedule{spec.steps, opts.warmup_frac, opts.min_lr_ratio};
  validate(schedule);
  const Parametrization parametrization = parse_parametrization(opts.parametrization);
  set_threads(opts.threads);
  const torch::Device device = resolve_device(opts.device);
  const int64_t seq_len = spec.arch.seq_len;

  torch::manual_seed(opts.seed);
  Gpt model(spec.arch, parametrization);
  model->to(device);
  Run run{spec, opts, train_tokens, valid_tokens, device, model,
          GptOptimizer(model, opts, parametrization), schedule,
          WindowSampler(static_cast<int64_t>(train_tokens.size()), seq_len, opts.seed),
          eval_window_starts(static_cast<int64_t>(valid_tokens.size()), opts.eval_tokens, seq_len),
          spec.flops_per_token > 0 ? spec.flops_per_token : flops_per_token_with_attention(spec.arch),
          opts.eval_interval > 0 ? opts.eval_interval : std::max<int64_t>(1, spec.steps / 10),
          opts.log_interval > 0 ? opts.log_interval : std::max<int64_t>(1, spec.steps / 20)};

  std::filesystem::create_directories(run_dir);
  const auto checkpoint = run_dir / "checkpoint.pt";
  const std::string fingerprint = run_fingerprint(spec, opts);
  TrainProgress progress;
  if (std::filesystem::exists(checkpoint)) {
    load_checkpoint(checkpoint, fingerprint, run.model, run.optimizer.adamw(), progress, device);
    spdlog::info("{} resuming at step {}/{} from {}", spec.run_id, progress.step, spec.steps,
                 checkpoint.string());
  }
  auto save = [&] {
    progress.wall_seconds += seconds_since(session_start);
    save_checkpoint(checkpoint, fingerprint, run.model, run.optimizer.adamw(), progress);
    progress.wall_seconds -= seconds_since(session_start);  // keep counting this session separately
  };

  const StopSignalGuard stop_guard;
  Meters meters;
  while (progress.step < spec.steps) {
    const auto step_start = Clock::now();
    const double loss = train_step(run, progress.step);
    if (progress.step == 0) progress.initial_loss = loss;
    if (!std::isfinite(loss) || loss > opts.divergence_factor * progress.initial_loss) {
      spdlog::warn("{} diverged at step {}: loss {} (first loss {}, factor {})", spec.run_id,
                   progress.step, loss, progress.initial_loss, opts.divergence_factor);
      std::filesystem::remove(checkpoint);
      return finish(run, progress, "diverged", kNaN, session_start);
    }
    progress.loss_ema = kEmaBeta * progress.loss_ema + (1.0 - kEmaBeta) * loss;
    ++progress.step;
    meters.add_step(seconds_since(step_start));
    if (opts.after_step) opts.after_step(progress.step);

    const bool last = progress.step == spec.steps;
    if (progress.step % run.log_interval == 0 || last) log_progress(run, progress, loss, meters);
    if (progress.step % run.eval_interval == 0 && !last) {
      const double eval_loss = record_eval(run, progress, meters);
      spdlog::info("{} eval at step {}: held-out loss {:.4f}", spec.run_id, progress.step, eval_loss);
    }
    if (opts.checkpoint_interval > 0 && progress.step % opts.checkpoint_interval == 0 && !last) save();
    if (stop_signal() != 0 && !last) {
      save();
      spdlog::warn("{} stopped by signal {} at step {}/{}; checkpoint {}", spec.run_id,
                   stop_signal(), progress.step, spec.steps, checkpoint.string());
      return finish(run, progress, "interrupted", kNaN, session_start);
    }
  }

  const double final_loss = record_eval(run, progress, meters);  // the last curve point
  std::filesystem::remove(checkpoint);
  spdlog::info("{} done: {} tokens, held-out loss {:.4f}", spec.run_id,
               progress.step * tokens_per_step(run), final_loss);
  return finish(run, progress, "ok", final_loss, session_start);
}

}  // namespace

void check_device(const std::string& device) { (void)resolve_device(device); }

RunOutcome train_run(const RunSpec& spec, const TrainOptions& opts,
                     const std::vector<uint16_t>& train_tokens,
                     const std::vector<uint16_t>& valid_tokens, const std::filesystem::path& run_dir) {
  try {
    return train_run_unchecked(spec, opts, train_tokens, valid_tokens, run_dir);
  } catch (const c10::Error& e) {  // e.g. out of device memory: keep the library's one error type
    fail("run {}: libtorch failed: {}", spec.run_id, e.what_without_backtrace());
  } catch (const std::filesystem::filesystem_error& e) {
    fail("run {}: {} (run directory {})", spec.run_id, e.what(), run_dir.string());
  }
}

}  // namespace ff
