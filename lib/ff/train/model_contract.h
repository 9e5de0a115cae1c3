// The contract between a model family and the generic training loop / ff::find_optimal: the
// model (a LibTorch module plus how to run it on a batch), the factory that builds one at a given
// size, its AdamW parameter groups, the data source (deterministic batches per step and a fixed
// held-out set) and the loss, with ready-made losses. Uses LibTorch: include only from torch
// translation units.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace ff {

/// Tensors trained with one learning rate and weight decay.
struct ParamGroup {
  std::vector<torch::Tensor> params;
  double lr_mult = 1.0;       // peak lr of the group = train.lr * lr_mult
  double weight_decay = 0.0;  // AdamW coefficient (decoupled: per-step decay lr_t * weight_decay)
};

/// One model of the family: its parameters (those of `module`, counted as N and trained) and its
/// forward pass, inputs -> output (whatever the loss takes, e.g. logits (B, T, V)).
/// Any TORCH_MODULE holder, std::shared_ptr<Impl> or torch::nn::AnyModule whose forward takes
/// one tensor converts to a Model implicitly:
///   ff::ModelFactory factory = [](double hidden) -> ff::Model { return Mlp(int64_t(hidden)); };
/// For other forward signatures set `module` and `forward` yourself.
struct Model {
  std::shared_ptr<torch::nn::Module> module;
  std::function<torch::Tensor(const torch::Tensor& inputs)> forward;
  /// Optional AdamW groups; empty = the default rule: train.weight_decay on tensors of 2 or more
  /// dimensions (matrices, embeddings, convolutions), none on biases and norm gains.
  std::vector<ParamGroup> groups;

  Model() = default;
  Model(std::shared_ptr<torch::nn::Module> m, std::function<torch::Tensor(const torch::Tensor&)> f)
      : module(std::move(m)), forward(std::move(f)) {}

  /// From a TORCH_MODULE holder, e.g. `Mlp(64)`.
  template <typename Impl, typename = decltype(std::declval<Impl&>().forward(std::declval<torch::Tensor>()))>
  Model(torch::nn::ModuleHolder<Impl> holder)  // NOLINT: implicit on purpose
      : module(holder.is_empty() ? nullptr : holder.ptr()) {
    if (module) forward = [m = holder.ptr()](const torch::Tensor& x) -> torch::Tensor { return m->forward(x); };
  }

  /// From a shared_ptr to a module, e.g. `std::make_shared<MlpImpl>(64)`.
  template <typename Impl, typename = std::enable_if_t<std::is_base_of_v<torch::nn::Module, Impl>>,
            typename = decltype(std::declval<Impl&>().forward(std::declval<torch::Tensor>()))>
  Model(std::shared_ptr<Impl> impl)  // NOLINT: implicit on purpose
      : module(impl) {
    if (impl) forward = [impl](const torch::Tensor& x) -> torch::Tensor { return impl->forward(x); };
  }

  /// From a type-erased torch::nn::AnyModule whose forward takes one tensor.
  Model(torch::nn::AnyModule any)  // NOLINT: implicit on purpose
      : module(any.is_empty() ? nullptr : any.ptr()) {
    if (module) forward = [any](const torch::Tensor& x) mutable { return any.forward<torch::Tensor>(x); };
  }
};

/// Builds the model at one value of the size parameter (e.g. hidden = 256). Called with torch's
/// global generator seeded (train.seed) before each run, so that initialisations are reproducible.
using ModelFactory = std::function<Model(double size_value)>;

/// (model output, targets) -> the mean loss of the batch, a scalar tensor (nats per token for
/// language models). It is what curve.csv, results.csv and the fits call the loss.
using LossFn = std::function<torch::Tensor(const torch::Tensor& output, const torch::Tensor& targets)>;

/// The default AdamW groups of `module` (see Model::groups): decay on tensors of dim >= 2.
std::vector<ParamGroup> default_param_groups(torch::nn::Module& module, double weight_decay);

/// "[2, 16, 257]": a tensor's shape for messages; "(undefined)" for an undefined tensor.
std::string shape_text(const torch::Tensor& tensor);

/// Trainable parameters of `module`, and the bytes they occupy.
int64_t count_parameters(const torch::nn::Module& module);
int64_t parameter_bytes(const torch::nn::Module& module);

// ---------------------------------------------------------------------------------------------
// Data: any dataset that can hand out the batch of optimizer step s deterministically (so that a
// resumed run sees the same data) and a fixed held-out set. The built-in corpora are one
// implementation (lm_data_source.h).

/// Inputs and targets of B samples, on the CPU (the training loop moves them to its device).
struct DataBatch {
  torch::Tensor inputs;   // (B, ...) what Model::forward takes
  torch::Tensor targets;  // (B, ...) what the loss compares the output with
};

class DataSource {
 public:
  virtual ~DataSource() = default;

  /// How many "tokens" one sample counts for in D (and so in C = 6 N D): a language-model window
  /// of T tokens counts T; one example of a regression or classification task counts 1.
  virtual int64_t tokens_per_sample() const = 0;

  /// The `batch_size` samples of optimizer step `step` (0-based): a pure function of
  /// (seed, step, batch_size), so that a run resumed from a checkpoint trains on the same data.
  virtual DataBatch train_batch(int64_t step, int64_t batch_size, uint64_t seed) = 0;

  /// The fixed held-out set, the same for every run and every evaluation, cut into batches of at
  /// most `batch_size` samples. The held-out loss is the mean of the loss over its batches,
  /// weighted by their sample counts.
  virtual std::vector<DataBatch> eval_batches(int64_t batch_size) = 0;

  /// A short description for logs and checkpoint fingerprints, e.g. "lm T=256".
  virtual std::string describe() const { return "custom data"; }
};

}  // namespace ff

// Ready-made loss functions (ff::LossFn): each takes the model's output and the targets and
// returns the batch mean as a scalar tensor.
namespace ff::losses {

/// Mean cross-entropy, nats per prediction, of logits (..., K) against class ids (...) (int64):
/// next-token prediction with logits (B, T, V) and targets (B, T), or classification (B, K), (B).
torch::Tensor cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets);

/// The language-model loss: cross_entropy of logits (B, T, V) against next tokens (B, T).
torch::Tensor next_token_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets);

/// Mean squared error of predictions and targets of the same shape.
torch::Tensor mse(const torch::Tensor& predictions, const torch::Tensor& targets);

}  // namespace ff::losses
