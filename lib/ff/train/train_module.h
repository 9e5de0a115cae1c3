// The one training loop, for any model: exactly the planned steps of B samples, AdamW over
// parameter groups with linear warmup + cosine decay over those steps, gradient clipping,
// held-out evaluations into the loss curve, divergence detection, checkpoints on an interval and
// on SIGTERM/SIGINT/SIGUSR1 with exact resume, and one progress line per log interval.
// train_run (trainer.h) is this loop on the built-in GPT; ff::find_optimal runs it on your model.
// Uses LibTorch: include only from torch translation units.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "ff/train/model_contract.h"
#include "ff/train/run_outcome.h"
#include "ff/train/trainer.h"

namespace ff {

/// What one run trains, besides the model.
struct ModuleRunSpec {
  std::string run_id;          // names the run in logs
  int64_t steps = 0;           // optimizer steps; the schedule spans exactly these
  int64_t batch_size = 0;      // samples per step, B
  double flops_per_token = 0;  // curve.csv's flops = tokens * this, FLOPs per token
  std::string fingerprint;     // a checkpoint resumes only the run with the same fingerprint
};

/// Builds the run's model; called once per call of train_module, just after
/// torch::manual_seed(opts.seed), on the CPU (the loop then moves it to opts.device).
using ModelBuilder = std::function<Model()>;

/// Trains the model that `build` returns for spec.steps steps of data.train_batch(step, B,
/// opts.seed), tokens = steps * B * data.tokens_per_sample(); evaluates on data.eval_batches(B)
/// every eval interval and at the end (the final loss). opts.parametrization is not used here
/// (the builder's groups carry it). Resume, outputs and statuses as train_run (trainer.h):
/// run_dir/checkpoint.pt is resumed if present, written atomically, removed once the run is ok
/// or diverged. Throws ff::Error on bad options, a model without parameters or forward, a loss
/// that is not a scalar, and LibTorch failures (named with the run id).
RunOutcome train_module(const ModuleRunSpec& spec, const ModelBuilder& build, DataSource& data,
                        const LossFn& loss, const TrainOptions& opts, const std::filesystem::path& run_dir);

/// A fingerprint of a custom-model run: its id, steps, batch, data description and options.
std::string module_fingerprint(const ModuleRunSpec& spec, const DataSource& data, const TrainOptions& opts);

}  // namespace ff
