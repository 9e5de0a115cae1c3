// ff-train's typed settings (see train_settings.h).
#include "ff/train/train_settings.h"

#include <cmath>

#include "ff/common/error.h"

namespace ff {

double LossLaw::loss(double n, double d) const { return E + A / std::pow(n, alpha) + B / std::pow(d, beta); }

namespace {

double in_range(const Config& c, const std::string& key, double lo, double hi) {
  const double v = c.get_double(key);
  if (!(v >= lo && v <= hi)) c.fail_at(key, fmt::format("must lie in [{:g}, {:g}]", lo, hi));
  return v;
}

}  // namespace

TrainSettings read_train_settings(const Config& c) {
  TrainSettings s;
  s.mode = c.get_string("train.mode");
  if (s.mode != "mock" && s.mode != "local") c.fail_at("train.mode", "must be mock or local");
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
  return s;
}

double lr_at_step(int64_t step, int64_t steps, double peak, double warmup_frac, double min_lr_ratio) {
  const double warmup = std::floor(warmup_frac * static_cast<double>(steps));
  if (step < warmup) return peak * static_cast<double>(step + 1) / warmup;
  const double span = std::max(1.0, static_cast<double>(steps - 1) - warmup);
  const double progress = std::min(1.0, (static_cast<double>(step) - warmup) / span);
  const double floor = min_lr_ratio * peak;
  return floor + (peak - floor) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

}  // namespace ff
