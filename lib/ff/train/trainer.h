// Trains one run of the sweep: a GPT of a given architecture on exactly steps * B * T tokens
// (iso-FLOP), AdamW with warmup + cosine decay, next-token cross-entropy, held-out loss at the
// end, checkpoints and resume. LibTorch stays inside trainer.cpp: this header is torch-free.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "ff/plan/arch.h"
#include "ff/train/run_outcome.h"

namespace ff {

/// How to train (the lead maps config keys train.* onto these fields).
struct TrainOptions {
  std::string parametrization = "sp";  // sp | u-mup (ff/model/parametrization.h)
  double lr = 3e-3;                    // peak learning rate (u-mup: the base before its per-type rules)
  double beta1 = 0.9;                  // AdamW first-moment decay
  double beta2 = 0.95;                 // AdamW second-moment decay
  double eps = 1e-8;                   // AdamW denominator epsilon
  double weight_decay = 0.1;           // sp: AdamW coefficient, per-step decay lr_t * wd (coupled).
                                       // u-mup: independent, per-step decay wd * schedule(t); must
                                       // be <= 0.01 (typical ~1e-4). Never applied to norms.
  double warmup_frac = 0.05;           // fraction of the steps with linear warmup
  double min_lr_ratio = 0.1;           // cosine floor at the last step, fraction of the peak
  double grad_clip = 1.0;              // max global L2 norm of the gradient; 0 = no clipping
  int64_t eval_interval = 0;           // steps between held-out evals; 0 = max(1, steps / 10)
  int64_t eval_tokens = 65536;         // held-out tokens (the first ones of the validation stream)
  int64_t log_interval = 0;            // steps between progress lines; 0 = max(1, steps / 20)
  int64_t checkpoint_interval = 0;     // steps between checkpoints; 0 = only when a stop is requested
  int64_t micro_batch_size = 0;        // samples per forward/backward (gradient accumulation); 0 = the batch
  double divergence_factor = 3.0;      // training loss > factor * first-step loss => diverged
  std::string device = "auto";         // auto | cpu | cuda
  int threads = 0;                     // CPU threads for LibTorch (at::set_num_threads); 0 = all cores
  bool tf32 = false;                   // CUDA: fp32 matmuls/convolutions may use TF32 tensor cores
  uint64_t seed = 0;                   // seeds the init (torch::manual_seed) and the data order
  /// Test hook: called after every optimizer step with the number of steps done.
  std::function<void(int64_t steps_done)> after_step;
};

/// What to train: one row of the plan.
struct RunSpec {
  std::string run_id;           // names the run in logs and its checkpoint
  GptArch arch;                 // the model; arch.seq_len is the training context T
  int64_t steps = 0;            // optimizer steps
  int64_t batch_size = 0;       // sequences per step, B
  double flops_per_token = 0;   // the plan's FLOPs per token (any convention); <= 0 means
                                // flops_per_token_with_attention(arch)
};


/// Throws ff::Error unless `device` (train.device: auto | cpu | cuda) names a device LibTorch can
/// use on this machine; ff-train checks it before it loads any data or starts a run.
void check_device(const std::string& device);

/// Trains `spec` on `train_tokens` (windows of T + 1 tokens, next-token targets, deterministic
/// order from opts.seed, wrapping into further epochs if the stream is short) and evaluates on
/// the first opts.eval_tokens of `valid_tokens`. If run_dir/checkpoint.pt exists (from an earlier
/// interrupted call with the same spec and options) the run resumes from it and ends with the
/// same result as an uninterrupted run. Writes only run_dir/checkpoint.pt (atomically), removed
/// once the run is ok or diverged. A divergence (non-finite loss, or loss > divergence_factor *
/// first loss) returns status "diverged" with final_loss NaN; SIGTERM/SIGINT/SIGUSR1 checkpoint
/// and return "interrupted". Throws ff::Error on invalid input (empty streams, token ids >= vocab,
/// bad options, cuda requested without CUDA, a checkpoint from a different run).
RunOutcome train_run(const RunSpec& spec, const TrainOptions& opts,
                     const std::vector<uint16_t>& train_tokens,
                     const std::vector<uint16_t>& valid_tokens, const std::filesystem::path& run_dir);

}  // namespace ff
