// The grids of a hyperparameter plan (plan.kind: hyperparameters; hyper.* keys of configs/plan.yaml):
// which budgets, sizes, peak learning rates and batch sizes it trains, every combination once.
#pragma once

#include <cstdint>
#include <vector>

#include "ff/io/config.h"
#include "ff/io/plan_file.h"

namespace ff {

struct HyperGrid {
  std::vector<double> budgets;        // hyper.budgets, FLOPs ascending; empty = the compute.* budgets
  int64_t sizes = 1;                  // hyper.sizes: model sizes per budget, count
  double size_span = 4.0;             // hyper.size_span: largest / smallest target size, ratio
  std::vector<double> lr;             // peak learning rates, ascending
  std::vector<int64_t> batch_sizes;   // sequences, ascending; empty = train.batch_size only
};

/// n values log-spaced from lo to hi (lo itself when n is 1), rounded to 3 significant digits.
std::vector<double> log_spaced(double lo, double hi, int64_t n);

/// Reads plan.kind into *kind and the hyper.* keys (all of them, whatever the kind, so that every
/// key is checked); each range violation is an ff::Error naming the file, line, key and value.
HyperGrid read_hyper_grid(const Config& config, PlanKind* kind);

}  // namespace ff
