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

struct MockSettings {
  LossLaw law;
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
