// Checkpoints of a run: model parameters, AdamW state (step and moments) and the loop's progress, in one file
// written atomically (tmp + rename). Uses LibTorch: include only from torch translation units.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <torch/nn/module.h>
#include "ff/train/optimizer.h"
#include "ff/train/run_outcome.h"

namespace ff {

/// The training loop's state besides the model and optimizer.
struct TrainProgress {
  int64_t step = 0;                                             // optimizer steps done
  double initial_loss = std::numeric_limits<double>::quiet_NaN();  // first step's training loss
  double loss_ema = 0;       // un-corrected EMA of the training loss (see loop.cpp)
  double wall_seconds = 0;   // time spent in earlier sessions
  std::vector<CurvePoint> curve;
};

/// Writes `path` + ".tmp" then renames it over `path`. `fingerprint` is run_fingerprint (loop_options.h).
void save_checkpoint(const std::filesystem::path& path, const std::string& fingerprint,
                     torch::nn::Module& model, GroupedAdamW& optimizer, const TrainProgress& progress);

/// Loads `path` into model, optimizer and progress (tensors onto `device`). Throws ff::Error
/// if it was written for another run (fingerprint mismatch) or cannot be read.
void load_checkpoint(const std::filesystem::path& path, const std::string& fingerprint,
                     torch::nn::Module& model, GroupedAdamW& optimizer, TrainProgress& progress,
                     const torch::Device& device);

}  // namespace ff
