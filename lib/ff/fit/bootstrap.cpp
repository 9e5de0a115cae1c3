// Seeded resampling, threaded refits and percentile intervals; the parametric-fit bootstrap.
#include "ff/fit/bootstrap.h"

#include "ff/common/error.h"
#include "ff/common/parallel.h"
#include "ff/fit/vpnls.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace ff {
namespace {

// The q-quantile (q in [0, 1]) of sorted values, interpolating linearly between neighbours.
double sorted_quantile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

// A uniform draw in [0, n) by rejection, so that it is unbiased and the same on every standard
// library (std::uniform_int_distribution's algorithm is implementation-defined).
std::size_t uniform_index(std::mt19937_64& rng, std::size_t n) {
  const std::uint64_t range = static_cast<std::uint64_t>(n);
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % range;
  std::uint64_t draw = rng();
  while (draw >= limit) draw = rng();
  return static_cast<std::size_t>(draw % range);
}

ParametricOptions single_thread_refit(const ParametricOptions& fit, std::vector<ParametricTheta> starts) {
  ParametricOptions refit = fit;
  refit.threads = 1;  // the replicates are what runs in parallel
  refit.starts = std::move(starts);
  return refit;
}

}  // namespace

Interval percentile_interval(std::vector<double> values, double level) {
  check(!values.empty(), "percentile interval: no values");
  check(level > 0 && level < 1, "percentile interval: level = {} (must be in (0, 1), e.g. 0.95)", level);
  for (std::size_t i = 0; i < values.size(); ++i)
    check(std::isfinite(values[i]), "percentile interval: value {} is {} (must be finite)", i, values[i]);
  std::sort(values.begin(), values.end());
  return {sorted_quantile(values, 0.5 * (1 - level)), sorted_quantile(values, 0.5 * (1 + level))};
}

std::vector<std::size_t> resample_indices(std::size_t n, std::uint64_t seed, std::size_t replicate) {
  check(n > 0, "bootstrap: cannot resample an empty sample");
  const std::uint64_t r = replicate;
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(r >> 32)};
  std::mt19937_64 rng(seq);
  std::vector<std::size_t> indices(n);
  for (auto& index : indices) index = uniform_index(rng, n);
  return indices;
}

void bootstrap_each(std::size_t n_points, int n_boot, std::uint64_t seed, int threads,
                    const std::function<void(int, const std::vector<std::size_t>&)>& refit) {
  check(n_boot >= 1, "bootstrap: n_boot = {} (must be at least 1)", n_boot);
  check(threads >= 1, "bootstrap: threads = {} (must be at least 1)", threads);
  parallel_for(static_cast<std::size_t>(n_boot), threads, [&](std::size_t replicate) {
    refit(static_cast<int>(replicate), resample_indices(n_points, seed, replicate));
  });
}

Interval ParametricBootstrap::interval(const std::function<double(const ParametricFit&)>& quantity) const {
  std::vector<double> values;
  values.reserve(replicates.size());
  for (const auto& fit : replicates) values.push_back(quantity(fit));
  return percentile_interval(std::move(values), level);
}

std::vector<ParametricTheta> refit_starts(const std::vector<ParametricFit>& fits,
                                          const ParametricOptions& fit_options, int n_grid_starts) {
  const std::vector<ParametricTheta> grid =
      fit_options.starts.empty() ? chinchilla_start_grid() : fit_options.starts;
  check(fits.size() == grid.size(), "bootstrap: {} full-data fits for {} starts", fits.size(), grid.size());
  if (n_grid_starts < 0) return grid;
  const ParametricFit best = best_parametric_fit(fits);
  std::vector<std::size_t> reached;  // starts whose run reached the full-data optimum
  for (std::size_t i = 0; i < fits.size(); ++i)
    if (fits[i].objective <= best.objective * (1 + 1e-9)) reached.push_back(i);
  std::vector<ParametricTheta> starts{best.theta()};
  const std::size_t n = std::min<std::size_t>(n_grid_starts, reached.size());
  for (std::size_t k = 0; k < n; ++k)  // the midpoints of n equal slices of `reached`
    starts.push_back(grid[reached[(2 * k + 1) * reached.size() / (2 * n)]]);
  return starts;
}

ParametricBootstrap bootstrap_parametric(const std::vector<ParametricPoint>& points,
                                         const ParametricOptions& fit, const BootstrapOptions& boot) {
  check(boot.level > 0 && boot.level < 1, "bootstrap: level = {} (must be in (0, 1), e.g. 0.95)", boot.level);
  check(boot.n_boot >= 1, "bootstrap: n_boot = {} (must be at least 1)", boot.n_boot);
  const bool vpnls = boot.method == ParametricMethod::kVpnls;
  ParametricBootstrap result;
  ParametricOptions refit;
  if (vpnls) {
    result.full = fit_parametric_vpnls(points, fit);
    refit = single_thread_refit(fit, {});
  } else {
    const std::vector<ParametricFit> full_fits = fit_parametric_each_start(points, fit);
    refit = single_thread_refit(fit, refit_starts(full_fits, fit, boot.refit_grid_starts));
    result.full = best_parametric_fit(full_fits);
  }
  result.level = boot.level;
  result.replicates = bootstrap_map<ParametricFit>(
      points.size(), boot.n_boot, boot.seed, boot.threads, [&](const std::vector<std::size_t>& indices) {
        std::vector<ParametricPoint> resample;
        resample.reserve(indices.size());
        for (std::size_t i : indices) resample.push_back(points[i]);
        return vpnls ? refit_parametric_vpnls(resample, result.full.theta(), refit) : fit_parametric(resample, refit);
      });
  using F = const ParametricFit&;
  result.E = result.interval([](F f) { return f.E; });
  result.A = result.interval([](F f) { return f.A; });
  result.B = result.interval([](F f) { return f.B; });
  result.alpha = result.interval([](F f) { return f.alpha; });
  result.beta = result.interval([](F f) { return f.beta; });
  result.a = result.interval([](F f) { return f.a(); });
  result.b = result.interval([](F f) { return f.b(); });
  return result;
}

}  // namespace ff
