// What the generic training loop (loop.h) runs and how: the run (RunSpec), the options
// (LoopOptions, the train.* keys), and the fingerprint a checkpoint must match to resume the run.
// Torch-free: the settings, the GPT run and the sweep's trainers include it without LibTorch.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace ff {

/// train.device: where the loop trains.
enum class Device {
  kAuto,  // CUDA when LibTorch sees a device, else the CPU
  kCpu,
  kCuda,
};

/// "auto", "cpu", "cuda": the names in the configuration.
std::string to_string(Device device);

/// How to train (read from train.* by read_train_settings; lr comes from each planned run).
struct LoopOptions {
  double lr = 3e-3;                    // peak learning rate (u-mup: the base before its per-type rules)
  double beta1 = 0.9;                  // AdamW first-moment decay
  double beta2 = 0.95;                 // AdamW second-moment decay
  double eps = 1e-8;                   // AdamW denominator epsilon
  double weight_decay = 0.1;           // AdamW coefficient of the default groups (per-step decay lr_t * wd);
                                       // a model's own groups may use it otherwise (the GPT under u-mup:
                                       // independent per-step decay wd * schedule(t), <= 0.01)
  double warmup_frac = 0.05;           // fraction of the steps with linear warmup
  double min_lr_ratio = 0.1;           // cosine floor at the last step, fraction of the peak
  double grad_clip = 1.0;              // max global L2 norm of the gradient; 0 = no clipping
  int64_t eval_interval = 0;           // steps between held-out evals; 0 = max(1, steps / 10)
  int64_t eval_tokens = 65536;         // held-out tokens (the first ones of the validation stream)
  int64_t log_interval = 0;            // steps between progress lines; 0 = max(1, steps / 20)
  int64_t checkpoint_interval = 0;     // steps between checkpoints; 0 = only when a stop is requested
  int64_t micro_batch_size = 0;        // samples per forward/backward (gradient accumulation); 0 = the batch
  double divergence_factor = 3.0;      // training loss > factor * first-step loss => diverged
  Device device = Device::kAuto;       // train.device
  int threads = 0;                     // CPU threads for LibTorch (at::set_num_threads); 0 = all cores
  bool tf32 = false;                   // CUDA: fp32 matmuls/convolutions may use TF32 tensor cores
  uint64_t seed = 0;                   // seeds the init (torch::manual_seed) and the data order
  /// Test hook: called after every optimizer step with the number of steps done.
  std::function<void(int64_t steps_done)> after_step;
};

/// What one run trains, besides the model and its data.
struct RunSpec {
  std::string run_id;          // names the run in logs and in its checkpoint's fingerprint
  int64_t steps = 0;           // optimizer steps; the schedule spans exactly these
  int64_t batch_size = 0;      // samples per step, B
  double flops_per_token = 0;  // curve.csv's flops = tokens * this, FLOPs per token
  std::string description;     // the model and data, e.g. "gpt V257 T32 d32 L2 H2 ff128 sp":
                               // a checkpoint resumes only a run with the same description
};

/// One line naming everything that must match for a checkpoint to resume a run: the spec (id,
/// steps, batch, description) and the options that change the result (lr, betas, eps, weight
/// decay, schedule, clipping, seed).
std::string run_fingerprint(const RunSpec& spec, const LoopOptions& opts);

}  // namespace ff
