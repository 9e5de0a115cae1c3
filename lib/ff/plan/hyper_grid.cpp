// The grids of a hyperparameter plan (see hyper_grid.h).
#include "ff/plan/hyper_grid.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"

namespace ff {

std::vector<double> log_spaced(double lo, double hi, int64_t n) {
  std::vector<double> out;
  for (int64_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    out.push_back(std::stod(fmt::format("{:.3g}", std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo))))));
  }
  return out;
}

namespace {

double positive(const Config& c, const std::string& key) {
  const double v = c.get_double(key);
  if (!(v > 0.0) || !std::isfinite(v)) c.fail_at(key, "must be a positive number");
  return v;
}

// Ascending distinct positive values of the list `key`, or log-spaced from key_min to key_max.
std::vector<double> grid(const Config& c, const std::string& key, int64_t min_count, bool allow_empty) {
  std::vector<double> values = c.get_doubles(key);
  const double lo = positive(c, key + "_min");
  const double hi = positive(c, key + "_max");
  const int64_t n = c.get_int(key + "_count");
  for (double v : values) {
    if (!(v > 0.0) || !std::isfinite(v)) c.fail_at(key, "must hold positive numbers");
  }
  if (values.empty()) {
    if (n == 0 && allow_empty) return values;
    if (n < min_count) c.fail_at(key + "_count", fmt::format("must be at least {}: a parabola needs 3 values", min_count));
    if (!(lo < hi)) c.fail_at(key + "_min", fmt::format("must be below {}_max ({:g})", key, hi));
    values = log_spaced(lo, hi, n);
  }
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

}  // namespace

HyperGrid read_hyper_grid(const Config& c, PlanKind* kind) {
  try {
    *kind = parse_plan_kind(c.get_string("plan.kind"));
  } catch (const Error&) {
    c.fail_at("plan.kind", "must be isoflop or hyperparameters");
  }
  HyperGrid g;
  g.budgets = c.get_doubles("hyper.budgets");
  for (double b : g.budgets) {
    if (!(b > 0.0) || !std::isfinite(b)) c.fail_at("hyper.budgets", "must hold positive FLOP counts");
  }
  std::sort(g.budgets.begin(), g.budgets.end());
  g.budgets.erase(std::unique(g.budgets.begin(), g.budgets.end()), g.budgets.end());
  g.sizes = c.get_int("hyper.sizes");
  if (g.sizes < 1) c.fail_at("hyper.sizes", "must be at least 1");
  g.size_span = c.get_double("hyper.size_span");
  if (!(g.size_span >= 1.0)) c.fail_at("hyper.size_span", "must be at least 1");
  g.lr = grid(c, "hyper.lr", 3, false);
  for (double b : grid(c, "hyper.batch_size", 3, true)) {
    const int64_t rounded = std::llround(b);
    if (rounded < 1) c.fail_at("hyper.batch_size", "must hold batch sizes of at least 1 sequence");
    if (g.batch_sizes.empty() || g.batch_sizes.back() != rounded) g.batch_sizes.push_back(rounded);
  }
  return g;
}

}  // namespace ff
