// bench_fit: the Chinchilla replication's Approach 3 analysis, timed: the 4500-start Huber fit of
// L(N, D) = E + A / N^alpha + B / D^beta to the 240 Figure-4 points, then 4000 bootstrap refits,
// on 2 threads, printed next to Besiroglu et al. 2024's published estimates and 95% intervals.
// Usage: bench_fit [n_boot=4000] [threads=2] [n_compare=0] [method=grid|vpnls]
//   method vpnls fits by variable projection (fit/vpnls.h) and refits each resample near its optimum.
//   n_compare > 0 also refits the first n_compare resamples from the full 4500-start grid and
//   prints how far the few-start refits used by the bootstrap are from them.
#include "ff/fit/bootstrap.h"
#include "ff/fit/parametric.h"
#include "ff/fit/vpnls.h"

#include "../tests/chinchilla_points.h"  // the Figure-4 points as the replication uses them (shared with the tests)

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Published {
  const char* name;
  double estimate, lo, hi;  // Besiroglu et al. 2024, Table 1 / Sec. 3
  double ff::ParametricFit::*field;
  ff::Interval ff::ParametricBootstrap::*interval;
};

void print_table(const ff::ParametricBootstrap& boot) {
  const Published rows[] = {
      {"A", 477.84, 285.2, 743.6, &ff::ParametricFit::A, &ff::ParametricBootstrap::A},
      {"B", 2143.86, 1042.4, 5810.3, &ff::ParametricFit::B, &ff::ParametricBootstrap::B},
      {"E", 1.8172, 1.769, 1.871, &ff::ParametricFit::E, &ff::ParametricBootstrap::E},
      {"alpha", 0.34731, 0.317, 0.373, &ff::ParametricFit::alpha, &ff::ParametricBootstrap::alpha},
      {"beta", 0.36718, 0.331, 0.415, &ff::ParametricFit::beta, &ff::ParametricBootstrap::beta},
  };
  std::printf("%-6s %12s %24s   %12s %24s\n", "param", "ours", "ours 95% CI", "published", "published 95% CI");
  for (const auto& r : rows) {
    const ff::Interval ci = boot.*r.interval;
    std::printf("%-6s %12.5g   (%9.5g, %9.5g)   %12.5g   (%9.5g, %9.5g)\n", r.name, boot.full.*r.field, ci.lo,
                ci.hi, r.estimate, r.lo, r.hi);
  }
  std::printf("%-6s %12.4f   (%9.4f, %9.4f)   %12.3f\n", "a", boot.full.a(), boot.a.lo, boot.a.hi, 0.514);
  std::printf("%-6s %12.4f   (%9.4f, %9.4f)\n", "b", boot.full.b(), boot.b.lo, boot.b.hi);
  for (double c : {1e21, 1e24}) {
    const auto n = boot.interval([c](const ff::ParametricFit& f) { return f.n_opt(c); });
    const auto d = boot.interval([c](const ff::ParametricFit& f) { return f.d_opt(c); });
    std::printf("C=%.0e: N_opt %.4g (%.4g, %.4g)  D_opt %.4g (%.4g, %.4g)  L_opt %.4f\n", c, boot.full.n_opt(c),
                n.lo, n.hi, boot.full.d_opt(c), d.lo, d.hi, boot.full.loss_opt(c));
  }
}

// Refits the first n resamples from the whole grid and reports the largest gaps to the
// few-start refits the bootstrap used.
void compare_with_full_grid(const std::vector<ff::ParametricPoint>& points, const ff::ParametricBootstrap& boot,
                            int n, int threads) {
  ff::ParametricOptions grid;
  grid.threads = threads;
  double objective_gap = 0, alpha_gap = 0, beta_gap = 0;
  const auto start = Clock::now();
  for (int r = 0; r < n; ++r) {
    std::vector<ff::ParametricPoint> resample;
    for (std::size_t i : ff::resample_indices(points.size(), 0, r)) resample.push_back(points[i]);
    const ff::ParametricFit full = ff::fit_parametric(resample, grid);
    const ff::ParametricFit& few = boot.replicates[r];
    objective_gap = std::max(objective_gap, (few.objective - full.objective) / full.objective);
    alpha_gap = std::max(alpha_gap, std::abs(few.alpha - full.alpha));
    beta_gap = std::max(beta_gap, std::abs(few.beta - full.beta));
  }
  std::printf("few-start vs 4500-start refits of resamples 0..%d (%.1f s): max relative objective excess "
              "%.2e, max |d alpha| %.2e, max |d beta| %.2e\n", n - 1, seconds_since(start), objective_gap,
              alpha_gap, beta_gap);
}

}  // namespace

int main(int argc, char** argv) {
  const int n_boot = argc > 1 ? std::atoi(argv[1]) : 4000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const int n_compare = argc > 3 ? std::atoi(argv[3]) : 0;
  const std::string method = argc > 4 ? argv[4] : "grid";
  try {
    const bool vpnls = ff::parse_parametric_method(method, "bench_fit: method") == ff::ParametricMethod::kVpnls;
    const auto points = ff::test::chinchilla_points();  // the 240 points the replication fits
    ff::ParametricOptions fit;
    fit.threads = threads;
    auto start = Clock::now();
    const ff::ParametricFit full = vpnls ? ff::fit_parametric_vpnls(points, fit) : ff::fit_parametric(points, fit);
    const double fit_s = seconds_since(start);
    std::printf("points %zu, threads %d\n", points.size(), threads);
    std::printf("fit (%s): %.4f s, objective %.10e (replication 1.0182740e-03)\n", vpnls ? "vpnls" : "4500 starts",
                fit_s, full.objective);
    ff::BootstrapOptions boot_options;
    boot_options.n_boot = n_boot, boot_options.threads = threads;
    if (vpnls) boot_options.method = ff::ParametricMethod::kVpnls;
    start = Clock::now();
    const ff::ParametricBootstrap boot = ff::bootstrap_parametric(points, fit, boot_options);
    const double boot_s = seconds_since(start);
    std::printf("fit + %d bootstrap refits (%d starts each): %.2f s (refits alone %.2f s)\n", n_boot,
                vpnls ? 2 : boot_options.refit_grid_starts + 1, boot_s, boot_s - fit_s);
    print_table(boot);
    if (n_compare > 0) compare_with_full_grid(points, boot, std::min(n_compare, n_boot), threads);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_fit: %s\n", e.what());
    return 1;
  }
  return 0;
}
