// ff-train's typed settings, read and range-checked from the configuration (configs/train.yaml).
#pragma once

#include <cstdint>
#include <string>

#include "ff/data/dataset.h"
#include "ff/io/config.h"
#include "ff/model/parametrization.h"
#include "ff/train/loop_options.h"

namespace ff {

/// L(N, D) = E + A / N^alpha + B / D^beta (Hoffmann et al. 2022, eq. 2).
struct LossLaw {
  double E = 1.69, A = 406.4, B = 410.7, alpha = 0.34, beta = 0.28;
  double loss(double n_params, double tokens) const;
};

/// The mock's hidden hyperparameter optimum: L(N, D, lr, B) = L(N, D) (1 + lr_width ln^2(lr / lr_opt(C))
/// + batch_width ln^2(B / B_opt(C))), lr_opt(C) = lr_opt (C / 1e18)^lr_exponent and B_opt(C) =
/// batch_opt (C / 1e18)^batch_exponent (the shape of DeepSeek-AI 2024's laws, sec. 3.1). Widths 0
/// (the default) leave L(N, D) untouched.
struct HyperOptimum {
  double lr_width = 0;       // loss penalty per ln^2 of lr / lr_opt, fraction of the loss
  double lr_opt = 3e-3;      // optimal peak lr at C = 1e18 FLOPs
  double lr_exponent = 0;    // lr_opt ∝ C^lr_exponent
  double batch_width = 0;    // loss penalty per ln^2 of B / B_opt, fraction of the loss
  double batch_opt = 32;     // optimal batch at C = 1e18 FLOPs, sequences
  double batch_exponent = 0; // B_opt ∝ C^batch_exponent
  double lr_at(double c) const;     // lr_opt(C)
  double batch_at(double c) const;  // B_opt(C), sequences
  /// The factor multiplying L(N, D) for a run of budget c at peak lr `lr` and `batch` sequences.
  double factor(double c, double lr, double batch) const;
};

struct MockSettings {
  LossLaw law;
  HyperOptimum hyper;
  double noise = 0.005;       // relative standard deviation of the loss
  uint64_t seed = 0;
  int64_t curve_points = 40;  // evaluations per run
};

/// train.mode: how a sweep's runs are trained.
enum class TrainMode {
  kMock,   // losses drawn from the law under mock.* (mock_trainer.h)
  kLocal,  // LibTorch on this machine: the built-in GPT (gpt_run.h) or find_optimal's model
};

/// "mock", "local": the names in the configuration.
std::string to_string(TrainMode mode);

struct TrainSettings {
  TrainMode mode = TrainMode::kMock;  // train.mode
  int jobs = 1;               // train.jobs: runs trained side by side, one ff-train process each
  double warmup_frac = 0.05;  // fraction of steps
  double min_lr_ratio = 0.1;  // cosine floor / peak
  MockSettings mock;
  LoopOptions local;          // train.* for local training (lr comes from each planned run)
  Parametrization parametrization = Parametrization::kSp;  // train.parametrization: the built-in GPT's
  bool fused_kernels = true;  // train.fused_kernels: the built-in GPT's fused CPU kernels
  DataOptions data;           // data.*
  std::string tokenizer_name = "byte";     // tokenizer.name
  std::string tokenizer_dir = "data/gpt2"; // tokenizer.dir
};

/// Reads and checks every key; train.mode, train.device and train.parametrization become enums
/// here, with one-line errors naming the file, line, key and value.
TrainSettings read_train_settings(const Config& config);

}  // namespace ff
