// The one training loop (see loop.h): AdamW groups + warmup/cosine, clipping, evals,
// divergence, checkpoints and resume, progress lines.
#include "ff/train/loop.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/parallel.h"
#include "ff/train/checkpoint.h"
#include "ff/train/distributed.h"
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

// The loop's preconditions on options built by hand (library callers). The configuration keys
// behind them are range-checked once, where the settings are read (train_settings.cpp, and
// plan_settings.cpp for the lr): these messages name the LoopOptions field, not a key.
void validate_options(const LoopOptions& o) {
  check(o.lr > 0.0 && std::isfinite(o.lr), "LoopOptions.lr ({}) must be a positive number", o.lr);
  check(o.beta1 >= 0.0 && o.beta1 < 1.0, "LoopOptions.beta1 ({}) must lie in [0, 1)", o.beta1);
  check(o.beta2 >= 0.0 && o.beta2 < 1.0, "LoopOptions.beta2 ({}) must lie in [0, 1)", o.beta2);
  check(o.eps > 0.0, "LoopOptions.eps ({}) must be positive", o.eps);
  check(o.weight_decay >= 0.0, "LoopOptions.weight_decay ({}) must be >= 0", o.weight_decay);
  check(o.grad_clip >= 0.0, "LoopOptions.grad_clip ({}) must be >= 0 (0 = off)", o.grad_clip);
  check(o.divergence_factor > 1.0, "LoopOptions.divergence_factor ({}) must exceed 1", o.divergence_factor);
  check(o.eval_interval >= 0 && o.log_interval >= 0 && o.checkpoint_interval >= 0,
        "LoopOptions.eval_interval ({}), log_interval ({}) and checkpoint_interval ({}) must be >= 0",
        o.eval_interval, o.log_interval, o.checkpoint_interval);
  check(o.threads >= 0, "LoopOptions.threads ({}) must be >= 0 (0 = all cores)", o.threads);
}

torch::Device resolve_device(Device device) {
  switch (device) {
    case Device::kCpu: return torch::kCPU;
    case Device::kCuda:
      check(torch::cuda::is_available(),
            "train.device: 'cuda' requested but no CUDA device is available to LibTorch (hint: "
            "device=auto or cpu)");
      return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(local_cuda_index()));
    default:
      return torch::cuda::is_available() ? torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(local_cuda_index()))
                                         : torch::Device(torch::kCPU);
  }
}

void set_threads(int threads) { at::set_num_threads(thread_count(threads)); }

std::string format_eta(double seconds) {
  const auto s = static_cast<int64_t>(std::max(0.0, seconds));
  return fmt::format("{}:{:02d}:{:02d}", s / 3600, (s / 60) % 60, s % 60);
}

// Everything the loop needs, built once per call.
struct Run {
  const RunSpec& spec;
  const LoopOptions& opts;
  DataSource& data;
  const LossFn& loss;
  torch::Device device;
  Model model;
  GroupedAdamW optimizer;
  LrSchedule schedule;
  std::vector<DataBatch> eval_set;  // on `device`
  int64_t tokens_per_step;          // B * tokens per sample
  int64_t eval_interval, log_interval;
  bool stop = false;                // a stop signal reached some rank (all ranks agree, see train_step)
};

// The loss of one batch, checked to be a scalar.
torch::Tensor batch_loss(Run& run, const DataBatch& batch) {
  auto value = run.loss(run.model.forward(batch.inputs), batch.targets);
  check(value.defined() && value.numel() == 1,
        "run {}: the loss function returned a tensor of shape {}, not a scalar (hint: reduce it with .mean())",
        run.spec.run_id, shape_text(value));
  return value;
}

DataBatch to_device(const DataBatch& b, const torch::Device& device) {
  return {b.inputs.to(device), b.targets.to(device)};
}

// Mean loss over the fixed held-out batches, weighted by their samples, in eval mode without
// gradients.
double evaluate(Run& run) {
  torch::NoGradGuard no_grad;
  run.model.module->eval();
  double sum = 0.0, samples = 0.0;
  for (const auto& batch : run.eval_set) {
    const auto rows = static_cast<double>(batch.inputs.size(0));
    sum += batch_loss(run, batch).item<double>() * rows;
    samples += rows;
  }
  run.model.module->train();
  return sum / samples;
}

// This rank's rows of a batch of `rows`: with n processes, rank r takes rows [r B / n, (r+1) B / n).
DataBatch rank_share(const DataBatch& batch) {
  const DistributedEnv& d = distributed();
  if (d.size == 1) return batch;
  const int64_t rows = batch.inputs.size(0), begin = rows * d.rank / d.size, end = rows * (d.rank + 1) / d.size;
  return {batch.inputs.narrow(0, begin, end - begin), batch.targets.narrow(0, begin, end - begin)};
}

// One optimizer step on step `step`'s batch; returns the training loss before the update. The
// batch goes through the model in micro-batches of opts.micro_batch_size samples (all at once when
// 0): each micro-batch's mean loss is weighted by its share of the batch, so the summed gradients
// are those of the whole batch's mean loss. With several processes (distributed.h) each takes its
// share of the batch, and the gradients, the loss and the stop requests are summed across them.
double train_step(Run& run, int64_t step) {
  const DataBatch batch = to_device(run.data.train_batch(step, run.spec.batch_size, run.opts.seed), run.device);
  run.optimizer.set_lr_factor(lr_factor(run.schedule, step));
  run.optimizer.zero_grad();
  const int64_t rows = batch.inputs.size(0);
  const DataBatch mine = rank_share(batch);
  const int64_t micro = run.opts.micro_batch_size > 0 ? run.opts.micro_batch_size : rows;
  const auto inputs = mine.inputs.split(micro), targets = mine.targets.split(micro);
  double value = 0.0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const double share = static_cast<double>(inputs[i].size(0)) / static_cast<double>(rows);
    auto loss = batch_loss(run, DataBatch{inputs[i], targets[i]});
    const double part = loss.item<double>();
    if (!std::isfinite(part)) {  // no update from a non-finite loss
      value = part;
      break;
    }
    value += share * part;
    (share == 1.0 ? loss : loss * share).backward();
  }
  // The one hook of data parallelism: sum gradients, loss and stop requests across ranks. The
  // gradients of the whole batch are then complete (run.optimizer.flat_grads()): clip, update.
  const auto sums = all_reduce_gradients(run.model.module->parameters(), {value, stop_signal() != 0 ? 1.0 : 0.0});
  value = sums[0];
  run.stop = sums[1] > 0.0;
  if (!std::isfinite(value)) return value;
  if (run.opts.grad_clip > 0.0) run.optimizer.clip_grad_norm(run.opts.grad_clip);
  run.optimizer.step();
  return value;
}

CurvePoint curve_point(const Run& run, const TrainProgress& p, double eval_loss, double tok_per_s) {
  const int64_t tokens = p.step * run.tokens_per_step;
  const double smoothed = p.loss_ema / (1.0 - std::pow(kEmaBeta, static_cast<double>(p.step)));
  return {p.step, tokens, static_cast<double>(tokens) * run.spec.flops_per_token,
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

// One fixed-field progress line on stderr: run, step/steps, loss, lr, ms/step, tokens/s, ETA.
void log_progress(const Run& run, const TrainProgress& p, double loss, Meters& m) {
  const double ms_per_step = 1e3 * m.log_seconds / static_cast<double>(m.log_steps);
  spdlog::info("{} step {:>7}/{} loss {:.4f} lr {:.3e} {:8.1f} ms/step {:9.0f} tok/s eta {}",
               run.spec.run_id, p.step, run.spec.steps, loss,
               run.opts.lr * lr_factor(run.schedule, p.step - 1), ms_per_step,
               1e3 * static_cast<double>(run.tokens_per_step) / ms_per_step,
               format_eta(1e-3 * ms_per_step * static_cast<double>(run.spec.steps - p.step)));
  m.log_seconds = 0.0;
  m.log_steps = 0;
}

// Evaluates the held-out set and appends a curve point; returns the held-out loss.
double record_eval(Run& run, TrainProgress& p, Meters& m) {
  const double tok_per_s =
      m.window_steps > 0 ? static_cast<double>(m.window_steps * run.tokens_per_step) / m.window_seconds : 0.0;
  const double eval_loss = evaluate(run);
  p.curve.push_back(curve_point(run, p, eval_loss, tok_per_s));
  m.window_seconds = 0.0;
  m.window_steps = 0;
  return eval_loss;
}

RunOutcome finish(const Run& run, const TrainProgress& p, RunStatus status, double final_loss,
                  Clock::time_point session_start) {
  RunOutcome out;
  out.status = status;
  out.final_loss = final_loss;
  out.wall_seconds = p.wall_seconds + seconds_since(session_start);
  out.tokens_seen = p.step * run.tokens_per_step;
  out.curve = p.curve;
  return out;
}

// The built model on `device`, checked, with its AdamW groups.
Model prepare_model(const RunSpec& spec, const ModelBuilder& build, const LoopOptions& opts,
                    const torch::Device& device) {
  torch::manual_seed(opts.seed);
  Model model = build();
  check(model.module != nullptr && static_cast<bool>(model.forward),
        "run {}: the model factory returned no module or no forward function", spec.run_id);
  model.module->to(device);
  if (model.groups.empty()) model.groups = default_param_groups(*model.module, opts.weight_decay);
  return model;
}

RunOutcome train_loop_unchecked(const RunSpec& spec, const ModelBuilder& build, DataSource& data,
                                const LossFn& loss, const LoopOptions& opts, const std::filesystem::path& checkpoint) {
  const auto session_start = Clock::now();
  validate_options(opts);
  check(spec.steps > 0 && spec.batch_size > 0, "run {}: steps ({}) and batch_size ({}) must be positive",
        spec.run_id, spec.steps, spec.batch_size);
  check(opts.micro_batch_size == 0 || spec.batch_size % opts.micro_batch_size == 0,
        "train.micro_batch_size ({}) must divide train.batch_size ({}) (run {})", opts.micro_batch_size,
        spec.batch_size, spec.run_id);
  const LrSchedule schedule{spec.steps, opts.warmup_frac, opts.min_lr_ratio};
  validate(schedule);
  set_threads(opts.threads);
  const torch::Device device = resolve_device(opts.device);
  at::globalContext().setAllowTF32CuBLAS(opts.tf32);  // flags only: no effect without CUDA
  at::globalContext().setAllowTF32CuDNN(opts.tf32);
  Model model = prepare_model(spec, build, opts, device);
  GroupedAdamW optimizer(model.groups, opts);
  std::vector<DataBatch> eval_set;
  for (const auto& b : data.eval_batches(spec.batch_size)) eval_set.push_back(to_device(b, device));
  check(!eval_set.empty(), "run {}: the data source has no held-out batches to evaluate on", spec.run_id);
  Run run{spec, opts, data, loss, device, std::move(model), std::move(optimizer), schedule, std::move(eval_set),
          spec.batch_size * data.tokens_per_sample(),
          opts.eval_interval > 0 ? opts.eval_interval : std::max<int64_t>(1, spec.steps / 10),
          opts.log_interval > 0 ? opts.log_interval : std::max<int64_t>(1, spec.steps / 20)};

  const std::string fingerprint = run_fingerprint(spec, opts);
  TrainProgress progress;
  if (std::filesystem::exists(checkpoint)) {
    load_checkpoint(checkpoint, fingerprint, *run.model.module, run.optimizer, progress, device);
    spdlog::info("{} resuming at step {}/{} from {}", spec.run_id, progress.step, spec.steps, checkpoint.string());
  }
  broadcast_parameters(run.model.module->parameters());  // ranks start equal (no-op with one process)
  auto save = [&] {  // rank 0 alone writes
    if (!is_rank0()) return;
    progress.wall_seconds += seconds_since(session_start);
    if (checkpoint.has_parent_path()) ensure_dir(checkpoint.parent_path());
    save_checkpoint(checkpoint, fingerprint, *run.model.module, run.optimizer, progress);
    progress.wall_seconds -= seconds_since(session_start);  // keep counting this session separately
  };

  const StopSignalGuard stop_guard;
  Meters meters;
  while (progress.step < spec.steps) {
    const auto step_start = Clock::now();
    const double loss_value = train_step(run, progress.step);
    if (progress.step == 0) progress.initial_loss = loss_value;
    if (!std::isfinite(loss_value) || loss_value > opts.divergence_factor * progress.initial_loss) {
      spdlog::warn("{} diverged at step {}: loss {} (first loss {}, factor {})", spec.run_id, progress.step,
                   loss_value, progress.initial_loss, opts.divergence_factor);
      if (is_rank0()) std::filesystem::remove(checkpoint);
      return finish(run, progress, RunStatus::kDiverged, kNaN, session_start);
    }
    progress.loss_ema = kEmaBeta * progress.loss_ema + (1.0 - kEmaBeta) * loss_value;
    ++progress.step;
    meters.add_step(seconds_since(step_start));
    if (opts.after_step) opts.after_step(progress.step);

    const bool last = progress.step == spec.steps;
    if (progress.step % run.log_interval == 0 || last) log_progress(run, progress, loss_value, meters);
    if (progress.step % run.eval_interval == 0 && !last) {
      const double eval_loss = record_eval(run, progress, meters);
      spdlog::info("{} eval at step {}: held-out loss {:.4f}", spec.run_id, progress.step, eval_loss);
    }
    if (opts.checkpoint_interval > 0 && progress.step % opts.checkpoint_interval == 0 && !last) save();
    if ((distributed().size == 1 ? stop_signal() != 0 : run.stop) && !last) {
      save();
      spdlog::warn("{} stopped by {} at step {}/{}; checkpoint {}", spec.run_id,
                   stop_signal() != 0 ? fmt::format("signal {}", stop_signal()) : "a signal to another rank",
                   progress.step, spec.steps, checkpoint.string());
      return finish(run, progress, RunStatus::kInterrupted, kNaN, session_start);
    }
  }

  const double final_loss = record_eval(run, progress, meters);  // the last curve point
  if (is_rank0()) std::filesystem::remove(checkpoint);
  spdlog::info("{} done: {} tokens, held-out loss {:.4f}", spec.run_id, progress.step * run.tokens_per_step,
               final_loss);
  return finish(run, progress, RunStatus::kOk, final_loss, session_start);
}

}  // namespace

void check_device(Device device) { (void)resolve_device(device); }

RunOutcome train_loop(const RunSpec& spec, const ModelBuilder& build, DataSource& data, const LossFn& loss,
                      const LoopOptions& opts, const std::filesystem::path& checkpoint) {
  try {
    return train_loop_unchecked(spec, build, data, loss, opts, checkpoint);
  } catch (const Error&) {
    throw;
  } catch (const c10::Error& e) {  // e.g. out of device memory: keep the library's one error type
    const std::string text = e.what_without_backtrace();
    const bool oom = text.find("out of memory") != std::string::npos;
    fail("run {}: libtorch failed: {}{}", spec.run_id, text.substr(0, text.find('\n')),
         oom ? " (hint: a smaller train.micro_batch_size needs less memory for the same run; then ff-train "
               "--retry-failed)"
             : "");
  } catch (const std::filesystem::filesystem_error& e) {
    if (is_disk_full(e.code().value())) fail_io(checkpoint, e.code().value());
    fail("run {}: {} (checkpoint {})", spec.run_id, e.what(), checkpoint.string());
  } catch (const std::exception& e) {  // a user's model, data source or loss
    const std::string text = e.what();
    fail("run {}: {}", spec.run_id, text.substr(0, text.find('\n')));
  }
}

}  // namespace ff
