// A custom model family: size values, the model contract, counting and training (see custom_model.h).
#include "ff/api/custom_model.h"

#include <cctype>
#include <cmath>
#include <sstream>

#include <spdlog/spdlog.h>
#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/train/loop.h"

namespace ff {
namespace {

// The first line of an exception's message (LibTorch's run on with backtraces and source excerpts).
std::string error_text(const std::exception& e) {
  const std::string text = dynamic_cast<const c10::Error*>(&e) ? dynamic_cast<const c10::Error*>(&e)->what_without_backtrace()
                                                                : e.what();
  return text.substr(0, text.find('\n'));
}

// A run's checkpoint must save and load the module: LibTorch's archives (TorchScript) need
// submodule and parameter names that are identifiers and not Python keywords.
void check_checkpoint(torch::nn::Module& module, const std::string& at) {
  try {
    torch::serialize::OutputArchive out;
    module.save(out);
    std::ostringstream bytes;
    out.save_to(bytes);
    std::istringstream back(bytes.str());
    torch::serialize::InputArchive in;
    in.load_from(back);
    module.load(in);
  } catch (const std::exception& e) {
    fail("the model for {} cannot be checkpointed, so its runs could not resume: {} (hint: name submodules and "
         "parameters like identifiers that are not Python keywords such as 'in')", at, error_text(e));
  }
}

std::string size_text(const std::string& name, double value) { return fmt::format("{}={:g}", name, value); }

// The model at `value`, checked to have a module, a forward function and parameters.
Model build_checked(const ModelFactory& factory, const std::string& name, double value) {
  Model model;
  try {
    model = factory(value);
  } catch (const std::exception& e) {
    fail("model factory failed for {}: {}", size_text(name, value), error_text(e));
  }
  check(model.module != nullptr,
        "model factory returned no module for {} (hint: return the module, e.g. `return Mlp(hidden);`)",
        size_text(name, value));
  check(static_cast<bool>(model.forward),
        "model factory returned a module without a forward function for {} (hint: set Model::forward)",
        size_text(name, value));
  check(count_parameters(*model.module) > 0,
        "the model for {} has no trainable parameters: nothing to count or train (hint: register them with "
        "register_parameter or register_module)", size_text(name, value));
  return model;
}

// Parameter memory predicted for counts[k] from the counts before it (count ~ value^p).
double predicted_bytes(const std::vector<SizeCount>& counts, const std::vector<double>& bytes, double value) {
  const SizeCount& last = counts.back();
  double p = 2.0;  // after one size: quadratic, as for a width
  if (counts.size() >= 2) {
    const SizeCount& before = counts[counts.size() - 2];
    p = std::max(1.0, std::log(static_cast<double>(last.n_params) / static_cast<double>(before.n_params)) /
                          std::log(last.value / before.value));
  }
  return bytes.back() * std::pow(value / last.value, p);
}

}  // namespace

SizeParameter SizeParameter::list(std::string name, std::vector<double> values) {
  return SizeParameter{std::move(name), std::move(values)};
}

SizeParameter SizeParameter::geometric(std::string name, double min, double max, int per_doubling,
                                       double multiple_of) {
  check(min > 0 && max >= min && per_doubling >= 1 && multiple_of > 0,
        "size parameter {}: geometric({:g}, {:g}, {}, {:g}) needs 0 < min <= max, per_doubling >= 1 and "
        "multiple_of > 0", name, min, max, per_doubling, multiple_of);
  const auto steps = static_cast<int>(std::floor(per_doubling * std::log2(max / min) + 1e-9));
  std::vector<double> values;
  for (int i = 0; i <= steps + 1; ++i) {
    const double raw = i <= steps ? min * std::exp2(static_cast<double>(i) / per_doubling) : max;
    const double v = std::max(multiple_of, std::round(raw / multiple_of) * multiple_of);
    if (values.empty() || v > values.back()) values.push_back(v);
  }
  return SizeParameter{std::move(name), std::move(values)};
}

void validate(const SizeParameter& size) {
  check(!size.name.empty(), "size parameter: the name is empty (hint: name it, e.g. \"hidden\")");
  for (char ch : size.name) {
    check(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-',
          "size parameter '{}': use letters, digits, '-' and '_' only (it names runs and files)", size.name);
  }
  check(!size.values.empty(), "size parameter {}: no values to consider", size.name);
  for (size_t i = 0; i < size.values.size(); ++i) {
    const double v = size.values[i];
    check(std::isfinite(v) && v > 0, "size parameter {}: value {:g} must be a positive number", size.name, v);
    check(i == 0 || v > size.values[i - 1], "size parameter {}: values must increase ({:g} follows {:g})", size.name,
          v, size.values[i - 1]);
  }
}

std::vector<SizeCount> count_sizes(const ModelFactory& factory, const SizeParameter& size, double target_params,
                                   double max_bytes) {
  validate(size);
  check(static_cast<bool>(factory), "model factory: empty function (hint: pass a callable size -> ff::Model)");
  torch::NoGradGuard no_grad;
  std::vector<SizeCount> counts;
  std::vector<double> bytes;
  for (double value : size.values) {
    if (!counts.empty()) {
      const double predicted = predicted_bytes(counts, bytes, value);
      check(predicted <= max_bytes,
            "api.max_count_bytes ({:g}): {} would hold about {:.3g} bytes of parameters (extrapolated from {}), so it "
            "is not built to be counted (hint: raise api.max_count_bytes, or plan smaller budgets or sizes)",
            max_bytes, size_text(size.name, value), predicted, size_text(size.name, counts.back().value));
    }
    const Model model = build_checked(factory, size.name, value);
    const int64_t n = count_parameters(*model.module);
    const auto b = static_cast<double>(parameter_bytes(*model.module));
    check(b <= max_bytes, "api.max_count_bytes ({:g}): {} holds {:.3g} bytes of parameters (hint: raise "
          "api.max_count_bytes, or plan smaller budgets or sizes)", max_bytes, size_text(size.name, value), b);
    if (!counts.empty()) {
      const SizeCount& last = counts.back();
      check(n > last.n_params,
            "size parameter {}: {} has {} parameters, no more than {} with {}: parameter counts must increase with "
            "the size value", size.name, size_text(size.name, value), n, size_text(size.name, last.value),
            last.n_params);
    }
    counts.push_back({value, n});
    bytes.push_back(b);
    spdlog::debug("{}: {} parameters", size_text(size.name, value), n);
    if (static_cast<double>(n) >= target_params) break;  // larger values are farther from every target
  }
  return counts;
}

void check_contract(const ModelFactory& factory, const std::string& name, double value, DataSource& data,
                    const LossFn& loss, uint64_t seed) {
  check(static_cast<bool>(loss), "loss function: empty function (hint: pass e.g. ff::losses::mse)");
  torch::manual_seed(seed);
  const Model model = build_checked(factory, name, value);
  const std::string at = size_text(name, value);
  check_checkpoint(*model.module, at);
  DataBatch batch;
  try {
    batch = data.train_batch(0, 2, seed);
  } catch (const std::exception& e) {
    fail("data source: train_batch(step 0, 2 samples) failed: {}", error_text(e));
  }
  check(batch.inputs.defined() && batch.targets.defined(), "data source: train_batch returned undefined tensors");
  torch::Tensor output, value_tensor;
  try {
    output = model.forward(batch.inputs);
  } catch (const std::exception& e) {
    fail("the model for {} failed on one batch of inputs of shape {}: {}", at, shape_text(batch.inputs),
         error_text(e));
  }
  try {
    value_tensor = loss(output, batch.targets);
  } catch (const std::exception& e) {
    fail("the loss function failed on the output of the model for {} (shape {}) and targets of shape {}: {}", at,
         shape_text(output), shape_text(batch.targets), error_text(e));
  }
  check(value_tensor.defined() && value_tensor.numel() == 1,
        "the loss function returned a tensor of shape {} on one batch of the model for {}, not a scalar (hint: reduce "
        "it with .mean())", shape_text(value_tensor), at);
  const double v = value_tensor.item<double>();
  check(std::isfinite(v), "the loss function returned {} on one batch of the model for {}: it must be finite", v, at);
  check(value_tensor.requires_grad(),
        "the loss returned on one batch of the model for {} does not depend on the model's parameters (no gradient)", at);
  value_tensor.backward();
}

RunTrainer custom_run_trainer(const ModelFactory& factory, std::shared_ptr<DataSource> data, const LossFn& loss,
                              const TrainSettings& settings) {
  return [factory, data, loss, settings](const PlannedRun& run, const RunFiles& files) {
    LoopOptions options = settings.local;
    options.lr = run.lr;
    const RunSpec spec{run.run_id, run.steps, run.batch_size, run.flops_per_token,
                       fmt::format("data {} | {} n_params {}", data->describe(), size_text(run.size_name, run.size_value),
                                   run.n_params)};
    const ModelBuilder build = [&] {
      Model model = factory(run.size_value);
      check(model.module != nullptr && count_parameters(*model.module) == run.n_params,
            "run {}: the model for {} has {} parameters but the plan counted {} (hint: the factory must build the "
            "same model for the same value)", run.run_id, size_text(run.size_name, run.size_value),
            model.module ? count_parameters(*model.module) : 0, run.n_params);
      return model;
    };
    return train_loop(spec, build, *data, loss, options, files.checkpoint);
  };
}

}  // namespace ff
