// A custom model family for ff::find_optimal: the size parameter and its candidate values, the
// model contract checked up front (counting each size's parameters without building one too
// large for memory, one batch through the smallest model and the loss), and the sweep trainer
// that trains its planned runs with the generic loop. Uses LibTorch.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ff/plan/size_plan.h"
#include "ff/train/model_contract.h"
#include "ff/train/sweep_runner.h"
#include "ff/train/train_settings.h"

namespace ff {

/// The parameter that sizes the model family: its name (in run ids, plan.json and logs) and the
/// values find_optimal may pick from, positive and strictly increasing; their models' parameter
/// counts must increase too.
struct SizeParameter {
  std::string name;            // e.g. "hidden" or "depth": letters, digits, '-' and '_'
  std::vector<double> values;  // candidates, increasing

  /// Explicit values, e.g. SizeParameter::list("depth", {1, 2, 3, 4, 6, 8, 12, 16}).
  static SizeParameter list(std::string name, std::vector<double> values);
  /// Log-spaced values from `min` to `max` (inclusive), `per_doubling` per factor of 2, each
  /// rounded to a multiple of `multiple_of`, duplicates dropped: geometric("hidden", 16, 64, 2, 8)
  /// = 16, 24, 32, 48, 64.
  static SizeParameter geometric(std::string name, double min, double max, int per_doubling = 4,
                                 double multiple_of = 1);
};

/// Throws ff::Error unless the name is usable and the values positive, finite and increasing.
void validate(const SizeParameter& size);

/// Builds each value's model in increasing order and counts its trainable parameters, up to the
/// first value whose count reaches `target_params` (or every value). Before building a value it
/// extrapolates its parameter memory from the smaller ones (count ~ value^p, p from the last two,
/// 2 after the first) and refuses, naming the value and api.max_count_bytes, one above `max_bytes`.
/// ff::Error when the factory throws or returns no module or forward, a module has no
/// parameters, or the counts do not increase with the value.
std::vector<SizeCount> count_sizes(const ModelFactory& factory, const SizeParameter& size, double target_params,
                                   double max_bytes);

/// Checks the model at `value` on the CPU: it saves and loads as a checkpoint would, and one batch
/// of 2 samples (step 0 of `seed`) through it and `loss`, with a backward pass, gives a finite
/// scalar that depends on the parameters. ff::Error naming the size otherwise.
void check_contract(const ModelFactory& factory, const std::string& size_name, double value, DataSource& data,
                    const LossFn& loss, uint64_t seed);

/// Trains a custom model's planned runs (train.mode local) with train_loop: factory(run.size_value),
/// checked to have the planned n_params, on `data` with `loss` and the train.* options; the run's
/// description (its fingerprint) names the data, the size and n_params.
RunTrainer custom_run_trainer(const ModelFactory& factory, std::shared_ptr<DataSource> data, const LossFn& loss,
                              const TrainSettings& settings);

}  // namespace ff
