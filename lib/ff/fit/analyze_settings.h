// ff-analyze's typed settings, read and range-checked from the configuration (configs/analyze.yaml).
#pragma once

#include <cstdint>
#include <vector>

#include "ff/fit/parametric.h"
#include "ff/io/config.h"

namespace ff {

struct AnalyzeSettings {
  std::vector<double> predict;     // budgets to predict, FLOPs
  double budget_tolerance = 0.01;  // runs whose budgets agree within this (relative) form one IsoFLOP group
  int min_sizes = 3;               // an IsoFLOP group needs this many sizes, count
  double huber_delta = 1e-3;       // Huber threshold of the parametric fit, log nats (Hoffmann et al. 2022)
  int drop_highest_losses = 0;     // runs with the k highest losses left out of the parametric fit, count
  int bootstrap = 1000;            // bootstrap replicates per approach, count (0 = no intervals)
  std::uint64_t seed = 0;          // seeds the resamples
  int threads = 2;                 // std::threads for the parametric starts and the bootstrap replicates
  double level = 0.95;             // coverage of the bootstrap percentile intervals
  /// Starts of the full-data parametric fit; empty = the paper's 4500-point grid (library use:
  /// tests pass a few starts to stay fast).
  std::vector<ParametricTheta> parametric_starts;
  int refit_grid_starts = 4;       // grid starts per bootstrap / hold-out refit besides the full optimum
};

/// Reads analyze.*; range errors name the file, line, key and value.
AnalyzeSettings read_analyze_settings(const Config& config);

}  // namespace ff
