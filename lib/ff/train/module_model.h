// The model contract of the generic training loop and of ff::find_optimal: a LibTorch module
// plus how to run it on a batch of inputs, the factory that builds one at a given size, the
// AdamW parameter groups, and the loss. Uses LibTorch: include only from torch translation units.
#pragma once

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

}  // namespace ff
