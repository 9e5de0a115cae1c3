// The one training loop, for any model: exactly the planned steps of B samples, AdamW over
// parameter groups with linear warmup + cosine decay over those steps, gradient clipping,
// held-out evaluations into the loss curve, divergence detection, checkpoints on an interval and
// on SIGTERM/SIGINT/SIGUSR1 with exact resume, and one progress line per log interval.
// train_gpt (gpt_run.h) is this loop on the built-in GPT; ff::find_optimal runs it on your model.
// Uses LibTorch: include only from torch translation units.
#pragma once

#include <filesystem>
#include <functional>

#include "ff/train/loop_options.h"
#include "ff/train/model_contract.h"
#include "ff/train/run_outcome.h"

namespace ff {

/// Builds the run's model; called once per call of train_loop, just after
/// torch::manual_seed(opts.seed), on the CPU (the loop then moves it to opts.device).
using ModelBuilder = std::function<Model()>;

/// Trains the model that `build` returns for spec.steps steps of data.train_batch(step, B,
/// opts.seed), tokens = steps * B * data.tokens_per_sample(); evaluates on data.eval_batches(B)
/// every eval interval and at the end (the final loss). If `checkpoint` exists (from an earlier
/// interrupted call with the same run_fingerprint) the run resumes from it and ends with the same
/// result as an uninterrupted run. Writes only `checkpoint` (atomically, creating its folder),
/// removed once the run is ok or diverged. A divergence (non-finite loss, or loss >
/// divergence_factor * first loss) returns status "diverged" with final_loss NaN; SIGTERM/SIGINT/
/// SIGUSR1 checkpoint and return "interrupted". Throws ff::Error on bad options, a model without
/// parameters or forward, a loss that is not a scalar, a checkpoint of another run, and LibTorch
/// failures (named with the run id).
RunOutcome train_loop(const RunSpec& spec, const ModelBuilder& build, DataSource& data, const LossFn& loss,
                      const LoopOptions& opts, const std::filesystem::path& checkpoint);

/// Throws ff::Error unless LibTorch can use `device` on this machine (cuda needs a CUDA device);
/// ff-train checks it before it loads any data or starts a run.
void check_device(Device device);

}  // namespace ff
