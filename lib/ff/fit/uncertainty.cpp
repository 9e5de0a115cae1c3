// Bootstrap intervals for every approach (see uncertainty.h).
#include "ff/fit/uncertainty.h"

#include <cmath>
#include <functional>

#include "ff/common/error.h"
#include "ff/common/parallel.h"
#include "ff/fit/bootstrap.h"
#include "ff/fit/isoflop.h"

namespace ff {

namespace {

template <typename T>
std::vector<T> pick(const std::vector<T>& items, const std::vector<std::size_t>& indices) {
  std::vector<T> out;
  out.reserve(indices.size());
  for (std::size_t i : indices) out.push_back(items[i]);
  return out;
}

std::optional<Frontier> refit_isoflop(const std::vector<Observation>& runs, const AnalyzeSettings& s) {
  const IsoflopResult r = fit_isoflop(runs, s.budget_tolerance, s.min_sizes, nullptr);
  if (!r.fitted) return std::nullopt;
  return r.law;
}

std::optional<Frontier> refit_envelope(const std::vector<RunCurve>& curves) {
  const EnvelopeResult r = fit_envelope(curves);
  if (!r.fitted) return std::nullopt;
  return r.law;
}

// One replicate of every active approach, each on its own resample of its inputs.
void refit_replicate(const ApproachInputs& in, const std::array<bool, kNumApproaches>& active,
                     const AnalyzeSettings& s, std::size_t r, std::array<ApproachReplicates, kNumApproaches>& out) {
  if (active[0] && !in.curves.empty()) {
    out[0].laws[r] = refit_envelope(pick(in.curves, resample_indices(in.curves.size(), s.seed, r)));
  }
  if (active[1] && !in.runs.empty()) {
    out[1].laws[r] = refit_isoflop(pick(in.runs, resample_indices(in.runs.size(), s.seed, r)), s);
  }
  if (active[2] && !in.parametric_runs.empty()) {
    const auto runs = pick(in.parametric_runs, resample_indices(in.parametric_runs.size(), s.seed, r));
    out[2].fits[r] = refit_parametric(parametric_points(runs), in.parametric_starts, s.huber_delta, s.parametric_method);
    if (out[2].fits[r]) out[2].laws[r] = parametric_frontier(*out[2].fits[r]);
  }
}

// The percentile interval of quantity(replicate) over the replicates where it is finite.
template <typename T>
Bounds bounds_of(const std::vector<std::optional<T>>& replicates, double level,
                 const std::function<double(const T&)>& quantity) {
  std::vector<double> values;
  for (const auto& r : replicates) {
    if (!r) continue;
    const double v = quantity(*r);
    if (std::isfinite(v)) values.push_back(v);
  }
  if (values.empty()) return {};
  const Interval i = percentile_interval(std::move(values), level);
  return {i.lo, i.hi};
}

}  // namespace

std::array<ApproachReplicates, kNumApproaches> bootstrap_approaches(const ApproachInputs& in,
                                                                    const std::array<bool, kNumApproaches>& active,
                                                                    const AnalyzeSettings& s) {
  std::array<ApproachReplicates, kNumApproaches> out;
  if (s.bootstrap <= 0) return out;
  const std::size_t n = static_cast<std::size_t>(s.bootstrap);
  for (int k = 0; k < kNumApproaches; ++k) {
    if (active[k]) out[k].laws.resize(n);
  }
  if (active[2]) out[2].fits.resize(n);
  parallel_for(n, s.threads, [&](std::size_t r) { refit_replicate(in, active, s, r, out); });
  return out;
}

void add_intervals(Prediction* p, const ApproachReplicates& reps, double level) {
  const double c = p->compute_budget;
  p->n_params_interval = bounds_of<Frontier>(reps.laws, level, [c](const Frontier& f) { return f.n_opt(c); });
  p->tokens_interval = bounds_of<Frontier>(reps.laws, level, [c](const Frontier& f) { return f.d_opt(c); });
  p->loss_interval = bounds_of<Frontier>(reps.laws, level, [c](const Frontier& f) { return f.loss(c); });
}

Uncertainty summarize_replicates(const Frontier& law, Approach approach, const ApproachReplicates& reps,
                                 int requested, double level, const std::vector<double>& band_budgets) {
  Uncertainty u;
  u.replicates = requested;
  u.level = level;
  for (const auto& r : reps.laws) u.succeeded += r ? 1 : 0;
  if (u.succeeded == 0) return u;
  using F = const Frontier&;
  const std::vector<std::pair<const char*, std::function<double(F)>>> frontier_fields = {
      {"a", [](F f) { return f.a(); }},
      {"b", [](F f) { return f.b(); }},
      {"n_opt.coefficient", [](F f) { return f.n_opt.coefficient; }},
      {"d_opt.coefficient", [](F f) { return f.d_opt.coefficient; }},
      {"loss_opt.E", [](F f) { return f.loss_fitted ? f.loss_opt.offset : NAN; }},
      {"loss_opt.coefficient", [](F f) { return f.loss_fitted ? f.loss_opt.power.coefficient : NAN; }},
      {"loss_opt.exponent", [](F f) { return f.loss_fitted ? f.loss_opt.power.exponent : NAN; }}};
  for (const auto& [name, get] : frontier_fields) u.intervals.push_back({name, bounds_of<Frontier>(reps.laws, level, get)});
  using P = const ParametricFit&;
  const std::vector<std::pair<const char*, std::function<double(P)>>> parametric_fields = {
      {"E", [](P f) { return f.E; }},         {"A", [](P f) { return f.A; }},
      {"B", [](P f) { return f.B; }},         {"alpha", [](P f) { return f.alpha; }},
      {"beta", [](P f) { return f.beta; }},   {"G", [](P f) { return f.G(); }}};
  if (approach == Approach::kParametric) {
    for (const auto& [name, get] : parametric_fields) u.intervals.push_back({name, bounds_of<ParametricFit>(reps.fits, level, get)});
  }
  for (double c : band_budgets) {
    Prediction p = predict(law, approach, c);
    add_intervals(&p, reps, level);
    u.band.push_back(p);
  }
  return u;
}

std::vector<double> log_grid(double lo, double hi) {
  check(lo > 0 && hi >= lo, "log grid: bad range [{}, {}]", lo, hi);
  const int steps = std::max(1, static_cast<int>(std::ceil(4 * std::log10(hi / lo))));
  std::vector<double> grid;
  for (int i = 0; i <= steps; ++i) grid.push_back(lo * std::pow(hi / lo, static_cast<double>(i) / steps));
  return grid;
}

}  // namespace ff
