// ff-train's typed settings (see train_settings.h).
#include "ff/train/train_settings.h"

#include <cmath>
#include <initializer_list>
#include <vector>

#include "ff/common/error.h"

namespace ff {

double LossLaw::loss(double n, double d) const { return E + A / std::pow(n, alpha) + B / std::pow(d, beta); }

double HyperOptimum::lr_at(double c) const { return lr_opt * std::pow(c / 1e18, lr_exponent); }

double HyperOptimum::batch_at(double c) const { return batch_opt * std::pow(c / 1e18, batch_exponent); }

double HyperOptimum::factor(double c, double lr, double batch) const {
  double f = 1.0;
  if (lr_width > 0) f += lr_width * std::pow(std::log(lr / lr_at(c)), 2);
  if (batch_width > 0) f += batch_width * std::pow(std::log(batch / batch_at(c)), 2);
  return f;
}

std::string to_string(TrainMode mode) { return mode == TrainMode::kLocal ? "local" : "mock"; }

namespace {

double in_range(const Config& c, const std::string& key, double lo, double hi) {
  const double v = c.get_double(key);
  if (!(v >= lo && v <= hi)) c.fail_at(key, fmt::format("must lie in [{:g}, {:g}]", lo, hi));
  return v;
}

int64_t non_negative(const Config& c, const std::string& key) {
  const int64_t v = c.get_int(key);
  if (v < 0) c.fail_at(key, "must be 0 or more");
  return v;
}

std::string one_of(const Config& c, const std::string& key, const std::vector<std::string>& choices) {
  const std::string v = c.get_string(key);
  for (const auto& choice : choices) {
    if (v == choice) return v;
  }
  std::string list;
  for (const auto& choice : choices) list += (list.empty() ? "" : " | ") + choice;
  c.fail_at(key, "must be one of " + list);
}

// The enum value whose to_string is the key's value: the one place these names are parsed.
template <typename Enum>
Enum enum_value(const Config& c, const std::string& key, std::initializer_list<Enum> values) {
  const std::string v = c.get_string(key);
  std::vector<std::string> names;
  for (const Enum value : values) {
    if (to_string(value) == v) return value;
    names.push_back(to_string(value));
  }
  std::string list = names.front();  // "a, b or c"
  for (size_t i = 1; i < names.size(); ++i) list += (i + 1 == names.size() ? " or " : ", ") + names[i];
  c.fail_at(key, "must be " + list);
}

HyperOptimum read_hyper_optimum(const Config& c) {
  HyperOptimum h;
  h.lr_width = in_range(c, "mock.lr_width", 0.0, 100.0);
  h.lr_opt = in_range(c, "mock.lr_opt", 1e-12, 1e3);
  h.lr_exponent = in_range(c, "mock.lr_exponent", -2.0, 2.0);
  h.batch_width = in_range(c, "mock.batch_width", 0.0, 100.0);
  h.batch_opt = in_range(c, "mock.batch_opt", 1e-6, 1e12);
  h.batch_exponent = in_range(c, "mock.batch_exponent", -2.0, 2.0);
  return h;
}

LoopOptions read_local_options(const Config& c) {
  LoopOptions o;
  o.beta1 = in_range(c, "train.beta1", 0.0, 0.999999);
  o.beta2 = in_range(c, "train.beta2", 0.0, 0.999999);
  o.eps = in_range(c, "train.eps", 1e-30, 1.0);
  o.weight_decay = in_range(c, "train.weight_decay", 0.0, 10.0);
  o.grad_clip = in_range(c, "train.grad_clip", 0.0, 1e9);
  o.eval_interval = non_negative(c, "train.eval_interval");
  o.eval_tokens = c.get_int("train.eval_tokens");
  if (o.eval_tokens < 1) c.fail_at("train.eval_tokens", "must be at least 1");
  o.log_interval = non_negative(c, "train.log_interval");
  o.checkpoint_interval = non_negative(c, "train.checkpoint_interval");
  o.micro_batch_size = non_negative(c, "train.micro_batch_size");
  o.divergence_factor = in_range(c, "train.divergence_factor", 1.0, 1e9);
  o.device = enum_value(c, "train.device", {Device::kAuto, Device::kCpu, Device::kCuda});
  o.threads = static_cast<int>(non_negative(c, "train.threads"));
  o.tf32 = c.get_bool("train.tf32");
  o.seed = static_cast<uint64_t>(non_negative(c, "train.seed"));
  return o;
}

DataOptions read_data_options(const Config& c) {
  DataOptions d;
  d.source = one_of(c, "data.source", {"builtin", "tinystories_txt", "tinystories_json"});
  d.train_path = c.get_string("data.train_path");
  d.valid_path = c.get_string("data.valid_path");
  d.cache_dir = c.get_string("data.cache_dir");
  d.builtin_train_tokens = c.get_int("data.builtin_train_tokens");
  if (d.builtin_train_tokens < 1) c.fail_at("data.builtin_train_tokens", "must be at least 1");
  d.builtin_valid_tokens = c.get_int("data.builtin_valid_tokens");
  if (d.builtin_valid_tokens < 1) c.fail_at("data.builtin_valid_tokens", "must be at least 1");
  d.seed = static_cast<uint64_t>(non_negative(c, "data.seed"));
  d.valid_seed = static_cast<uint64_t>(non_negative(c, "data.valid_seed"));
  d.threads = static_cast<int>(c.get_int("data.threads"));
  if (d.threads < 1) c.fail_at("data.threads", "must be at least 1");
  if (d.source != "builtin" && d.train_path.empty()) c.fail_at("data.train_path", "must name the corpus file for data.source " + d.source);
  if (d.source != "builtin" && d.valid_path.empty()) c.fail_at("data.valid_path", "must name the corpus file for data.source " + d.source);
  return d;
}

}  // namespace

TrainSettings read_train_settings(const Config& c) {
  TrainSettings s;
  s.mode = enum_value(c, "train.mode", {TrainMode::kMock, TrainMode::kLocal});
  s.jobs = static_cast<int>(c.get_int("train.jobs"));
  if (s.jobs < 1 || s.jobs > 64) c.fail_at("train.jobs", "must lie in [1, 64]");
  s.warmup_frac = in_range(c, "train.warmup_frac", 0.0, 1.0);
  s.min_lr_ratio = in_range(c, "train.min_lr_ratio", 0.0, 1.0);
  s.mock.law.E = in_range(c, "mock.E", 0.0, 1e6);
  s.mock.law.A = in_range(c, "mock.A", 0.0, 1e12);
  s.mock.law.B = in_range(c, "mock.B", 0.0, 1e12);
  s.mock.law.alpha = in_range(c, "mock.alpha", 1e-3, 5.0);
  s.mock.law.beta = in_range(c, "mock.beta", 1e-3, 5.0);
  s.mock.noise = in_range(c, "mock.noise", 0.0, 0.5);
  const int64_t seed = c.get_int("mock.seed");
  if (seed < 0) c.fail_at("mock.seed", "must be non-negative");
  s.mock.seed = static_cast<uint64_t>(seed);
  s.mock.curve_points = c.get_int("mock.curve_points");
  if (s.mock.curve_points < 1) c.fail_at("mock.curve_points", "must be at least 1");
  s.mock.hyper = read_hyper_optimum(c);
  s.local = read_local_options(c);
  s.parametrization = enum_value(c, "train.parametrization", {Parametrization::kSp, Parametrization::kUMup});
  if (s.parametrization == Parametrization::kUMup && s.local.weight_decay > 0.01) {
    c.fail_at("train.weight_decay", "must be at most 0.01 under u-mup (independent decay per step; try 1e-4)");
  }
  s.fused_kernels = c.get_bool("train.fused_kernels");
  s.local.warmup_frac = s.warmup_frac;
  s.local.min_lr_ratio = s.min_lr_ratio;
  s.data = read_data_options(c);
  s.tokenizer_name = one_of(c, "tokenizer.name", {"byte", "gpt2"});
  s.tokenizer_dir = c.get_string("tokenizer.dir");
  return s;
}


}  // namespace ff
