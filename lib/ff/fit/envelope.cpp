// Approach 1, the envelope of the training curves (see envelope.h).
#include "ff/fit/envelope.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "ff/common/error.h"

namespace ff {

bool curve_at(const RunCurve& curve, double flops, CurveSample* out) {
  const auto& s = curve.samples;
  if (s.empty() || flops < s.front().flops || flops > s.back().flops) return false;
  auto hi = std::lower_bound(s.begin(), s.end(), flops,
                             [](const CurveSample& p, double f) { return p.flops < f; });
  if (hi == s.begin() || hi->flops == flops) {
    *out = *hi;
    out->flops = flops;
    return true;
  }
  const auto lo = hi - 1;
  const double t = std::log(flops / lo->flops) / std::log(hi->flops / lo->flops);  // position in log FLOPs
  out->flops = flops;
  out->loss = lo->loss + t * (hi->loss - lo->loss);
  out->tokens = std::exp(std::log(lo->tokens) + t * std::log(hi->tokens / lo->tokens));
  return true;
}

namespace {

// Curves with at least one sample and positive, finite, ascending values.
std::vector<RunCurve> usable(const std::vector<RunCurve>& curves) {
  std::vector<RunCurve> out;
  for (const auto& c : curves) {
    bool ok = !c.samples.empty() && c.n_params > 0;
    for (std::size_t i = 0; ok && i < c.samples.size(); ++i) {
      const auto& p = c.samples[i];
      ok = p.flops > 0 && p.tokens > 0 && std::isfinite(p.loss) && (i == 0 || p.flops > c.samples[i - 1].flops);
    }
    if (ok) out.push_back(c);
  }
  return out;
}

// The lowest loss at `flops` among the curves that reach it; false unless the winner is an
// interior size (neither the smallest nor the largest model covering `flops`).
bool envelope_at(const std::vector<RunCurve>& curves, double flops, EnvelopePoint* point) {
  double n_min = HUGE_VAL, n_max = 0, best = HUGE_VAL;
  for (const RunCurve& c : curves) {
    CurveSample s;
    if (!curve_at(c, flops, &s)) continue;
    n_min = std::min(n_min, c.n_params);
    n_max = std::max(n_max, c.n_params);
    if (s.loss < best) {
      best = s.loss;
      *point = {flops, c.n_params, s.tokens, s.loss, c.run_id};
    }
  }
  return best < HUGE_VAL && point->n_params > n_min && point->n_params < n_max;
}

}  // namespace

EnvelopeResult fit_envelope(const std::vector<RunCurve>& curves, int grid_points) {
  check(grid_points >= 2, "envelope: grid_points = {} (must be at least 2)", grid_points);
  EnvelopeResult result;
  const auto ok = usable(curves);
  result.n_curves = static_cast<int>(ok.size());
  if (ok.empty()) {
    result.reason = "no training curves (runs/<run_id>/curve.csv; ff-analyze --runs DIR) for the ok runs";
    return result;
  }
  double lo = HUGE_VAL, hi = 0;  // the range of final FLOPs
  for (const RunCurve& c : ok) {
    lo = std::min(lo, c.samples.back().flops);
    hi = std::max(hi, c.samples.back().flops);
  }
  if (hi < 1.5 * lo) lo = hi / 10;  // one budget: the decade of training below it
  std::vector<double> c, n, d, l;
  for (int i = 0; i < grid_points; ++i) {
    const double flops = lo * std::pow(hi / lo, static_cast<double>(i) / (grid_points - 1));
    EnvelopePoint p;
    if (!envelope_at(ok, flops, &p)) continue;
    result.points.push_back(p);
    c.push_back(p.flops), n.push_back(p.n_params), d.push_back(p.tokens), l.push_back(p.loss);
  }
  const size_t sizes = std::set<double>(n.begin(), n.end()).size();
  if (result.points.size() < 3 || sizes < 2) {
    result.reason = fmt::format("the envelope of {} training curves has {} interior minima from {} model size(s) "
                                "(need 3 over at least 2 sizes): train more sizes per budget",
                                ok.size(), result.points.size(), sizes);
    return result;
  }
  result.law = fit_frontier(c, n, d, l);
  result.fitted = true;
  return result;
}

}  // namespace ff
