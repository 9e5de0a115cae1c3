// ff-plan's typed settings, read and range-checked from the configuration (configs/plan.yaml).
#pragma once

#include <cstdint>
#include <vector>

#include "ff/io/config.h"
#include "ff/plan/arch.h"
#include "ff/plan/hyper_grid.h"

namespace ff {

/// How a target parameter count becomes a GPT (model.* keys).
struct ModelShape {
  int64_t vocab_size = 50257;  // tokens
  int64_t seq_len = 1024;      // context length T, tokens
  int64_t head_size = 64;      // channels per head
  double aspect_ratio = 64.0;  // target d_model / n_layers
  int64_t ffn_mult = 4;        // d_ff / d_model
  bool tied_embeddings = false;
  int64_t max_d_model = 16384;  // channels
};

/// Where one budget's size grid lies: log-spaced around `centre` over a `span` ratio.
struct SizeWindow {
  double centre = 0;  // parameters
  double span = 0;    // largest / smallest target size
};

struct PlanSettings {
  std::vector<double> budgets;  // FLOPs, ascending
  FlopsConvention convention = FlopsConvention::k6ND;
  int64_t sizes_num = 7;
  double sizes_span = 8.0;        // largest / smallest target size
  double min_params = 0.0;        // 0 = no bound
  double max_params = 0.0;        // 0 = no bound
  std::vector<int64_t> widths;    // explicit d_model list; empty = targeted grid
  double tokens_per_param = 20.0;  // prior optimum: N = sqrt(C / (6 tokens_per_param))
  /// One window per budget (same order) when the grid is centred on an analysis (ff-plan
  /// --from); empty = the prior's centre and sizes_span for every budget.
  std::vector<SizeWindow> windows;
  ModelShape model;
  int64_t batch_size = 32;  // sequences per step
  double lr = 3e-3;         // peak learning rate
  double max_count_bytes = 4e9;  // api.max_count_bytes: custom models are built to be counted up to this, bytes
  PlanKind kind = PlanKind::kIsoflop;  // plan.kind
  HyperGrid hyper;                     // hyper.*: the grids of a hyperparameters plan
  /// From hyper.lr_law / hyper.batch_size_law, or ff-plan --hyper-from (plan/hyper_plan.h), which
  /// replaces them: each budget's lr and batch size from these laws instead of train.lr and
  /// train.batch_size.
  bool has_hyper_laws = false;
  PlanHyperLaws hyper_laws;
};

/// Reads compute.*, sizes.*, prior.*, model.*, api.*, plan.kind, hyper.* (grids and laws) and train.batch_size / train.lr; every range
/// violation is an ff::Error naming the file, line, key and value.
PlanSettings read_plan_settings(const Config& config);

}  // namespace ff
