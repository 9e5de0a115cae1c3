// ff-train's typed settings, read and range-checked from the configuration (configs/train.yaml).
#pragma once

#include <cstdint>
#include <string>

#include "ff/io/config.h"

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

struct TrainSettings {
  std::string mode = "mock";  // mock | local
  double warmup_frac = 0.05;  // fraction of steps
  double min_lr_ratio = 0.1;  // cosine floor / peak
  MockSettings mock;
};

TrainSettings read_train_settings(const Config& config);

/// Linear warmup over warmup_frac of `steps`, then cosine decay to min_lr_ratio * peak at the
/// last step (Loshchilov & Hutter 2017). `step` counts from 0.
double lr_at_step(int64_t step, int64_t steps, double peak, double warmup_frac, double min_lr_ratio);

}  // namespace ff
