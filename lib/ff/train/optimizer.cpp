// AdamW over flat parameter, gradient and moment buffers (see optimizer.h).
#include "ff/train/optimizer.h"

#include <cmath>
#include <set>
#include <string>

#include <torch/torch.h>

#include "ff/common/error.h"

namespace ff {
namespace {

constexpr double kClipEps = 1e-6;  // torch.nn.utils.clip_grad_norm_'s guard against a zero norm

bool same_place(const torch::Tensor& a, const torch::Tensor& b) {
  return a.scalar_type() == b.scalar_type() && a.device() == b.device();
}

}  // namespace

GroupedAdamW::GroupedAdamW(const std::vector<ParamGroup>& groups, const LoopOptions& opts)
    : beta1_(opts.beta1), beta2_(opts.beta2), eps_(opts.eps) {
  // Sort the trainable parameters into flats (dtype, device) and buckets (lr, weight decay).
  std::vector<std::vector<std::vector<torch::Tensor>>> members;  // [flat][bucket] -> parameters
  std::set<const c10::TensorImpl*> seen;
  for (const auto& group : groups) {
    for (const auto& p : group.params) {
      if (!p.defined() || !p.requires_grad()) continue;
      check(seen.insert(p.unsafeGetTensorImpl()).second,
            "optimizer: a parameter of shape {} appears in two parameter groups", shape_text(p));
      const double peak_lr = opts.lr * group.lr_mult;
      size_t f = 0;
      while (f < flats_.size() && !same_place(flats_[f].params.front(), p)) ++f;
      if (f == flats_.size()) {
        flats_.emplace_back();
        flats_.back().params.push_back(p);  // a representative until the buffers are laid out
        members.emplace_back();
      }
      auto& buckets = flats_[f].buckets;
      size_t b = 0;
      while (b < buckets.size() && !(buckets[b].peak_lr == peak_lr && buckets[b].weight_decay == group.weight_decay)) ++b;
      if (b == buckets.size()) {
        buckets.push_back({0, 0, peak_lr, peak_lr, group.weight_decay});
        members[f].emplace_back();
      }
      members[f][b].push_back(p);
    }
  }
  check(!flats_.empty(), "optimizer: the model has no trainable parameters");

  for (size_t f = 0; f < flats_.size(); ++f) {
    Flat& flat = flats_[f];
    const auto options = flat.params.front().options().requires_grad(false);
    flat.params.clear();
    int64_t offset = 0;
    for (size_t b = 0; b < flat.buckets.size(); ++b) {
      flat.buckets[b].begin = offset;
      for (const auto& p : members[f][b]) {
        flat.params.push_back(p);
        flat.offsets.push_back(offset);
        offset += p.numel();
      }
      flat.buckets[b].end = offset;
    }
    flat.param = torch::empty({offset}, options);
    flat.grad = torch::zeros({offset}, options);
    flat.exp_avg = torch::zeros({offset}, options);
    flat.exp_avg_sq = torch::zeros({offset}, options);
    flat.denom = torch::empty({offset}, options);
    bind_params(flat);
  }
}

void GroupedAdamW::bind_params(Flat& flat) {
  torch::NoGradGuard no_grad;
  for (size_t i = 0; i < flat.params.size(); ++i) {
    torch::Tensor& p = flat.params[i];
    const auto view = flat.param.narrow(0, flat.offsets[i], p.numel()).view(p.sizes());
    view.copy_(p);  // a no-op copy when p is already this view
    p.set_data(view);
    p.mutable_grad() = flat.grad.narrow(0, flat.offsets[i], p.numel()).view(p.sizes());
  }
}

void GroupedAdamW::set_lr_factor(double factor) {
  for (auto& flat : flats_) {
    for (auto& bucket : flat.buckets) bucket.lr = bucket.peak_lr * factor;
  }
}

void GroupedAdamW::zero_grad() {
  for (auto& flat : flats_) flat.grad.zero_();
}

void GroupedAdamW::clip_grad_norm(double max_norm) {
  torch::NoGradGuard no_grad;
  double sum_squares = 0.0;
  for (const auto& flat : flats_) {
    const double norm = flat.grad.norm().item<double>();
    sum_squares += norm * norm;
  }
  const double coef = max_norm / (std::sqrt(sum_squares) + kClipEps);
  if (coef >= 1.0) return;
  for (auto& flat : flats_) flat.grad.mul_(coef);
}

void GroupedAdamW::step() {
  torch::NoGradGuard no_grad;
  ++step_;
  const double correction1 = 1.0 - std::pow(beta1_, static_cast<double>(step_));
  const double correction2 = 1.0 - std::pow(beta2_, static_cast<double>(step_));
  for (auto& flat : flats_) {
    flat.exp_avg.lerp_(flat.grad, 1.0 - beta1_);                         // m <- b1 m + (1 - b1) g
    flat.exp_avg_sq.mul_(beta2_).addcmul_(flat.grad, flat.grad, 1.0 - beta2_);  // v <- b2 v + (1 - b2) g^2
    torch::sqrt_out(flat.denom, flat.exp_avg_sq).div_(std::sqrt(correction2)).add_(eps_);
    for (const auto& bucket : flat.buckets) {
      if (bucket.lr == 0.0) continue;
      const int64_t n = bucket.end - bucket.begin;
      auto p = flat.param.narrow(0, bucket.begin, n);
      if (bucket.weight_decay != 0.0) p.mul_(1.0 - bucket.lr * bucket.weight_decay);
      p.addcdiv_(flat.exp_avg.narrow(0, bucket.begin, n), flat.denom.narrow(0, bucket.begin, n),
                 -bucket.lr / correction1);
    }
  }
}

std::vector<torch::Tensor> GroupedAdamW::flat_grads() const {
  std::vector<torch::Tensor> grads;
  for (const auto& flat : flats_) grads.push_back(flat.grad);
  return grads;
}

void GroupedAdamW::save(torch::serialize::OutputArchive& archive) const {
  archive.write("step", c10::IValue(step_));
  archive.write("flats", c10::IValue(static_cast<int64_t>(flats_.size())));
  for (size_t f = 0; f < flats_.size(); ++f) {
    archive.write("exp_avg_" + std::to_string(f), flats_[f].exp_avg);
    archive.write("exp_avg_sq_" + std::to_string(f), flats_[f].exp_avg_sq);
  }
}

void GroupedAdamW::load(torch::serialize::InputArchive& archive) {
  c10::IValue value;
  archive.read("flats", value);
  check(value.toInt() == static_cast<int64_t>(flats_.size()),
        "optimizer state: {} parameter buffers saved, the model has {}", value.toInt(), flats_.size());
  torch::NoGradGuard no_grad;
  for (size_t f = 0; f < flats_.size(); ++f) {
    Flat& flat = flats_[f];
    for (auto [name, target] : {std::pair{"exp_avg_", &flat.exp_avg}, std::pair{"exp_avg_sq_", &flat.exp_avg_sq}}) {
      torch::Tensor saved;
      archive.read(name + std::to_string(f), saved);
      check(saved.numel() == target->numel(), "optimizer state: {} moments saved for {} parameters",
            saved.numel(), target->numel());
      target->copy_(saved);
    }
    bind_params(flat);
  }
  archive.read("step", value);
  step_ = value.toInt();
}

}  // namespace ff
