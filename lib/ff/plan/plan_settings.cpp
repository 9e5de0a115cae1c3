// ff-plan's typed settings (see plan_settings.h).
#include "ff/plan/plan_settings.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

double positive(const Config& c, const std::string& key) {
  const double v = c.get_double(key);
  if (!(v > 0.0) || !std::isfinite(v)) c.fail_at(key, "must be a positive number");
  return v;
}

int64_t at_least(const Config& c, const std::string& key, int64_t min) {
  const int64_t v = c.get_int(key);
  if (v < min) c.fail_at(key, fmt::format("must be at least {}", min));
  return v;
}

std::vector<double> read_budgets(const Config& c) {
  std::vector<double> budgets = c.get_doubles("compute.budgets");
  for (double b : budgets) {
    if (!(b > 0.0) || !std::isfinite(b)) c.fail_at("compute.budgets", "must hold positive FLOP counts");
  }
  if (!budgets.empty()) {
    std::sort(budgets.begin(), budgets.end());
    budgets.erase(std::unique(budgets.begin(), budgets.end()), budgets.end());
    return budgets;
  }
  const double lo = positive(c, "compute.flops_min");
  const double hi = positive(c, "compute.flops_max");
  const int64_t n = at_least(c, "compute.num_budgets", 1);
  if (lo > hi) c.fail_at("compute.flops_min", fmt::format("must not exceed compute.flops_max ({})", format_sci(hi)));
  if (n > 1 && lo == hi) c.fail_at("compute.num_budgets", "needs compute.flops_min below compute.flops_max");
  for (int64_t i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    const double c = std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)));
    budgets.push_back(std::stod(fmt::format("{:.3g}", c)));  // 3 significant digits: 3.16e17, not 3.1622776e17
  }
  return budgets;
}

// One [k, exponent] law key (hyper.lr_law, hyper.batch_size_law): false when [] (no law).
bool read_law(const Config& c, const std::string& key, double* coefficient, double* exponent) {
  const std::vector<double> law = c.get_doubles(key);
  if (law.empty()) return false;
  if (law.size() != 2 || !(law[0] > 0.0) || !std::isfinite(law[0]) || !std::isfinite(law[1])) {
    c.fail_at(key, "must be [] or [k, exponent] with k > 0: value = k C^exponent, C in FLOPs");
  }
  *coefficient = law[0];
  *exponent = law[1];
  return true;
}

// hyper.lr_law / hyper.batch_size_law: laws an IsoFLOP plan takes each budget's lr and batch size
// from, as ff-plan --hyper-from does with an analysis' laws (which then replace these).
void read_config_laws(const Config& c, PlanSettings* s) {
  PlanHyperLaws& h = s->hyper_laws;
  h.lr = read_law(c, "hyper.lr_law", &h.lr_coefficient, &h.lr_exponent);
  h.batch_size = read_law(c, "hyper.batch_size_law", &h.batch_coefficient, &h.batch_exponent);
  s->has_hyper_laws = h.lr || h.batch_size;
  if (!s->has_hyper_laws) return;
  const std::string key = h.lr ? "hyper.lr_law" : "hyper.batch_size_law";
  if (s->kind != PlanKind::kIsoflop) c.fail_at(key, "sets the lr and batch size of an isoflop plan, not of plan.kind hyperparameters");
  h.source = c.where(key);
}

ModelShape read_model_shape(const Config& c) {
  ModelShape m;
  m.vocab_size = at_least(c, "model.vocab_size", 2);
  m.seq_len = at_least(c, "model.seq_len", 1);
  m.head_size = at_least(c, "model.head_size", 1);
  m.aspect_ratio = positive(c, "model.aspect_ratio");
  m.ffn_mult = at_least(c, "model.ffn_mult", 1);
  m.tied_embeddings = c.get_bool("model.tied_embeddings");
  m.max_d_model = at_least(c, "model.max_d_model", m.head_size);
  return m;
}

}  // namespace

PlanSettings read_plan_settings(const Config& c) {
  PlanSettings s;
  s.budgets = read_budgets(c);
  // Read the explicit-budget keys either way, so that every key is validated.
  c.get_double("compute.flops_min");
  c.get_double("compute.flops_max");
  c.get_int("compute.num_budgets");
  try {
    s.convention = parse_flops_convention(c.get_string("compute.flops_convention"));
  } catch (const Error&) {
    c.fail_at("compute.flops_convention", "must be 6nd, 6nd_non_embedding or 6nd_attention");
  }
  s.sizes_num = c.get_int("sizes.num");
  if (s.sizes_num < 3) c.fail_at("sizes.num", "must be at least 3: an IsoFLOP parabola needs 3 sizes per budget");
  s.sizes_span = c.get_double("sizes.span");
  if (!(s.sizes_span > 1.0)) c.fail_at("sizes.span", "must be above 1: the size range would be empty");
  s.min_params = c.get_double("sizes.min_params");
  s.max_params = c.get_double("sizes.max_params");
  if (s.min_params < 0) c.fail_at("sizes.min_params", "must be 0 (no bound) or positive");
  if (s.max_params < 0) c.fail_at("sizes.max_params", "must be 0 (no bound) or positive");
  if (s.max_params > 0 && s.min_params > s.max_params) {
    c.fail_at("sizes.min_params", fmt::format("is above sizes.max_params ({}): the size range is empty", format_sci(s.max_params)));
  }
  for (double w : c.get_doubles("sizes.widths")) {
    if (w < 1 || w != std::floor(w)) c.fail_at("sizes.widths", "must hold positive integer widths (d_model)");
    s.widths.push_back(static_cast<int64_t>(w));
  }
  s.tokens_per_param = positive(c, "prior.tokens_per_param");
  s.model = read_model_shape(c);
  s.batch_size = at_least(c, "train.batch_size", 1);
  s.lr = positive(c, "train.lr");
  s.max_count_bytes = positive(c, "api.max_count_bytes");
  s.hyper = read_hyper_grid(c, &s.kind);
  read_config_laws(c, &s);
  return s;
}

}  // namespace ff
