// flops-fit's library API: for any model, the compute-optimal size and data at a FLOP budget.
//
//   #include <ff/flops_fit.h>
//
//   ff::Options options;                                   // defaults: configs/*.yaml
//   options.out_dir = "sweeps/mlp";
//   options.budgets = {1e12, 3e12, 1e13};                  // FLOPs
//   options.mode = "local";                                // or "mock" (losses from a known law)
//   ff::Result r = ff::find_optimal(
//       [](double hidden) -> ff::Model { return Mlp(static_cast<int64_t>(hidden)); },
//       ff::SizeParameter::geometric("hidden", 8, 1024),   // the values to consider
//       std::make_shared<MyData>(),                        // an ff::DataSource
//       ff::losses::mse, options);
//   std::cout << r.chinchilla_table();                     // N_opt, D_opt, loss per budget
//   ff::Prediction p = r.predict(1e15);
//   r.plot();                                              // sweeps/mlp/plots/*.png
//
// find_optimal plans (plan.json), trains (results.csv, runs/<id>/curve.csv) and fits
// (analysis.json, chinchilla.md/.csv) into options.out_dir: the files ff-plan, ff-train,
// ff-analyze and ff-plot read and write, so the tools work on an API sweep and vice versa.
// Calling it again resumes: finished runs are skipped, an interrupted run resumes from its
// checkpoint. Errors are ff::Error with one-line messages. Progress goes to spdlog (call
// ff::setup_logging(0) to send it to stderr as the tools do). While it trains, SIGTERM, SIGINT and
// SIGUSR1 checkpoint the run in progress: call ff::start_signal_thread() first in main, before any
// thread starts, so that no signal is handled inside a oneDNN matrix kernel (signal_thread.h).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <torch/torch.h>  // you define your model with LibTorch's C++ frontend

#include "ff/api/custom_model.h"
#include "ff/api/result.h"
#include "ff/common/error.h"
#include "ff/common/log.h"
#include "ff/common/signal_thread.h"
#include "ff/io/config.h"
#include "ff/train/lm_data_source.h"
#include "ff/train/model_contract.h"

namespace ff {

/// How find_optimal runs: where, with which configuration, and how far.
struct Options {
  /// The sweep folder (created): plan.json, config.yaml, results.csv, runs/, analysis.json, plots/.
  std::filesystem::path out_dir = "sweep";
  /// A preset name or YAML file, as the tools' --preset ("" = none).
  std::string preset;
  /// "key.path=value" overrides, as on the tools' command lines, e.g. "sizes.num=5".
  std::vector<std::string> overrides;
  /// A configuration to start from instead of the defaults; preset and overrides apply on top.
  std::optional<Config> config;
  /// Compute budgets, FLOPs; empty = compute.budgets or the log-spaced compute.flops_min..max.
  std::vector<double> budgets;
  /// "mock" (losses drawn from the law under mock.*) or "local" (LibTorch); "" = train.mode.
  std::string mode;
  /// false: only plan (writes plan.json and config.yaml; the Result holds the plan).
  bool train = true;
  /// true: also draw the figures into out_dir/plots (needs gnuplot).
  bool plot = false;
};

/// The effective configuration of `options`: the config or the defaults, then the preset, then the
/// overrides, then `budgets` and `mode`. Every key is checked as by the tools.
Config make_config(const Options& options);

/// Plans, trains and fits an IsoFLOP sweep of your model family. Per budget C, the values of
/// `size` whose parameter counts N are nearest to the log-spaced grid around the prior optimum
/// (sizes.num, sizes.span, prior.tokens_per_param, as ff-plan); D = C / (6 N) tokens with
/// data->tokens_per_sample() tokens per sample; steps = D / (train.batch_size x tokens per
/// sample). The contract is checked before anything is planned (see custom_model.h): the factory
/// builds each counted size (never one above api.max_count_bytes), counts must increase, the
/// smallest model must survive a checkpoint, and one batch through it and `loss` must give a
/// finite scalar. Throws ff::Error.
Result find_optimal(const ModelFactory& factory, const SizeParameter& size, std::shared_ptr<DataSource> data,
                    const LossFn& loss, const Options& options = {});

/// The same pipeline on the built-in GPT (model.* keys) and the configured corpus (data.*,
/// tokenizer.*): exactly what ff-plan, ff-train, ff-analyze (and ff-plot) do in out_dir.
Result find_optimal_gpt(const Options& options = {});

}  // namespace ff
