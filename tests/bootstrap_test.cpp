// Bootstrap: seeded resampling, threaded refits, percentile intervals, and the parametric-fit
// bootstrap's determinism and coverage on data drawn from a known law.
#include "ff/fit/bootstrap.h"

#include "ff/common/error.h"
#include "chinchilla_points.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>
#include <string>

namespace ff {
namespace {

void expect_error(const std::function<void()>& call, const std::string& message) {
  try {
    call();
    FAIL() << "no error, expected: " << message;
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(Bootstrap, ResampleIsSeededAndUniform) {
  const auto first = resample_indices(1000, 42, 3);
  EXPECT_EQ(first, resample_indices(1000, 42, 3));
  EXPECT_NE(first, resample_indices(1000, 42, 4));
  EXPECT_NE(first, resample_indices(1000, 43, 3));
  EXPECT_NE(first, resample_indices(1000, 42ull + (1ull << 32), 3));  // high seed bits count too
  // Counts over 200 resamples of 1000: each index drawn 200 times on average, sd ~14.
  std::vector<int> counts(1000, 0);
  for (std::size_t r = 0; r < 200; ++r)
    for (std::size_t i : resample_indices(1000, 7, r)) ++counts.at(i);
  EXPECT_GT(*std::min_element(counts.begin(), counts.end()), 200 - 80);
  EXPECT_LT(*std::max_element(counts.begin(), counts.end()), 200 + 80);
  // With replacement: a resample holds about 1 - 1/e = 63.2% distinct points.
  auto sample = resample_indices(1000, 7, 0);
  std::sort(sample.begin(), sample.end());
  const double distinct = std::unique(sample.begin(), sample.end()) - sample.begin();
  EXPECT_NEAR(distinct / 1000, 1 - std::exp(-1.0), 0.03);
}

TEST(Bootstrap, ReplicatesDoNotDependOnThreads) {
  const std::function<double(const std::vector<std::size_t>&)> mean = [](const std::vector<std::size_t>& idx) {
    return std::accumulate(idx.begin(), idx.end(), 0.0) / idx.size();
  };
  const auto one = bootstrap_map<double>(50, 64, 9, 1, mean);
  const auto four = bootstrap_map<double>(50, 64, 9, 4, mean);
  ASSERT_EQ(one.size(), 64u);
  EXPECT_EQ(one, four);
  for (std::size_t r = 0; r < one.size(); ++r) EXPECT_EQ(one[r], mean(resample_indices(50, 9, r)));
}

TEST(Bootstrap, RethrowsTheLowestFailingReplicate) {
  expect_error([] {
    bootstrap_each(10, 20, 1, 2, [](int replicate, const std::vector<std::size_t>&) {
      if (replicate % 7 == 5) fail("replicate {} failed", replicate);
    });
  }, "replicate 5 failed");
  expect_error([] { bootstrap_each(10, 0, 1, 2, [](int, const std::vector<std::size_t>&) {}); },
               "bootstrap: n_boot = 0 (must be at least 1)");
}

TEST(PercentileInterval, MatchesNumpyLinearInterpolation) {
  std::vector<double> values(101);
  std::iota(values.begin(), values.end(), 0.0);
  std::shuffle(values.begin(), values.end(), std::mt19937_64(1));
  const Interval ci = percentile_interval(values, 0.95);  // numpy.percentile(arange(101), [2.5, 97.5])
  EXPECT_NEAR(ci.lo, 2.5, 1e-12);  // the quantile 0.5 * (1 - 0.95) is 0.025 + 2e-17
  EXPECT_NEAR(ci.hi, 97.5, 1e-12);
  const Interval ci4 = percentile_interval({4.0, 1.0, 3.0, 2.0}, 0.5);  // [1.75, 3.25]
  EXPECT_DOUBLE_EQ(ci4.lo, 1.75);
  EXPECT_DOUBLE_EQ(ci4.hi, 3.25);
}

TEST(PercentileInterval, OfNormalSampleIsPlusMinus196) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(10.0, 2.0);
  std::vector<double> values(200000);
  for (auto& v : values) v = normal(rng);
  const Interval ci = percentile_interval(values, 0.95);
  EXPECT_NEAR(ci.lo, 10.0 - 1.95996 * 2.0, 0.03);
  EXPECT_NEAR(ci.hi, 10.0 + 1.95996 * 2.0, 0.03);
}

TEST(PercentileInterval, RejectsBadInput) {
  expect_error([] { percentile_interval({}, 0.95); }, "percentile interval: no values");
  expect_error([] { percentile_interval({1.0, 2.0}, 1.5); },
               "percentile interval: level = 1.5 (must be in (0, 1), e.g. 0.95)");
  expect_error([] { percentile_interval({1.0, std::nan(""), 2.0}, 0.9); },
               "percentile interval: value 1 is nan (must be finite)");
}

// A small IsoFLOP-like design from a known law: 5 budgets 1e18..1e20 FLOPs, 9 sizes each from
// N_opt / 10 to 10 N_opt, losses times exp(Normal(0, sigma)).
ParametricFit truth() {
  ParametricFit f;
  f.E = 1.69, f.A = 406.4, f.B = 410.7, f.alpha = 0.34, f.beta = 0.28;  // Hoffmann et al. 2022, eq. 10
  return f;
}

std::vector<ParametricPoint> noisy_points(double sigma, std::uint64_t seed) {
  const ParametricFit law = truth();
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> noise(0.0, sigma);
  std::vector<ParametricPoint> points;
  for (int i = 0; i < 5; ++i) {
    const double c = 1e18 * std::pow(10.0, 0.5 * i);
    for (int j = 0; j < 9; ++j) {
      const double n = law.n_opt(c) * std::pow(10.0, -1.0 + 0.25 * j), d = c / (6 * n);
      points.push_back({n, d, law.loss(n, d) * std::exp(noise(rng))});
    }
  }
  return points;
}

// A coarse start grid (alpha, beta in {0.2, 0.6}, e in {0, 1}, a, b in {3, 8}: 32 starts) that
// keeps the synthetic fits quick; it reaches the same optimum as the 4500-point grid on these data.
ParametricOptions coarse_fit() {
  ParametricOptions options;
  for (double alpha : {0.2, 0.6})
    for (double beta : {0.2, 0.6})
      for (double e : {0.0, 1.0})
        for (double a : {3.0, 8.0})
          for (double b : {3.0, 8.0}) options.starts.push_back({a, b, e, alpha, beta});
  return options;
}

TEST(BootstrapParametric, DeterministicForASeed) {
  const auto points = noisy_points(0.005, 11);
  BootstrapOptions boot;
  boot.n_boot = 40, boot.seed = 5, boot.threads = 1;
  const ParametricBootstrap one = bootstrap_parametric(points, coarse_fit(), boot);
  boot.threads = 2;
  const ParametricBootstrap two = bootstrap_parametric(points, coarse_fit(), boot);
  ASSERT_EQ(one.replicates.size(), 40u);
  for (std::size_t r = 0; r < one.replicates.size(); ++r) {
    EXPECT_EQ(one.replicates[r].objective, two.replicates[r].objective);
    EXPECT_EQ(one.replicates[r].alpha, two.replicates[r].alpha);
  }
  EXPECT_EQ(one.alpha.lo, two.alpha.lo);
  EXPECT_EQ(one.B.hi, two.B.hi);
  boot.seed = 6;
  const ParametricBootstrap other = bootstrap_parametric(points, coarse_fit(), boot);
  EXPECT_NE(one.alpha.lo, other.alpha.lo);
  // Intervals bracket the full-data estimate, and derived intervals come from the replicates.
  EXPECT_LT(one.alpha.lo, one.full.alpha);
  EXPECT_GT(one.alpha.hi, one.full.alpha);
  const Interval a = one.interval([](const ParametricFit& f) { return f.a(); });
  EXPECT_EQ(a.lo, one.a.lo);
  EXPECT_EQ(a.hi, one.a.hi);
}

TEST(BootstrapParametric, CoarseStartsMatchThePaperGrid) {
  const auto points = noisy_points(0.005, 11);
  const ParametricFit coarse = fit_parametric(points, coarse_fit());
  const ParametricFit grid = fit_parametric(points, ParametricOptions{});
  EXPECT_NEAR(coarse.objective, grid.objective, 1e-12 * grid.objective);
  EXPECT_NEAR(coarse.alpha, grid.alpha, 1e-6);
}

TEST(BootstrapParametric, IntervalsCoverTheTrueExponent) {
  // 20 datasets from the same law, each with its own noise; the 95% interval of alpha should
  // hold 0.34 in about 19 of them (binomial: >= 16 with probability 0.98 at 95% coverage), and
  // not by being vacuous: its mean width should be near 2 * 1.96 * (sd of alpha over datasets).
  BootstrapOptions boot;
  boot.n_boot = 200, boot.threads = 2, boot.refit_grid_starts = 2;
  int alpha_covered = 0, beta_covered = 0;
  std::vector<double> alphas, widths;
  for (std::uint64_t dataset = 0; dataset < 20; ++dataset) {
    boot.seed = dataset;
    const ParametricBootstrap b = bootstrap_parametric(noisy_points(0.01, 100 + dataset), coarse_fit(), boot);
    alpha_covered += b.alpha.lo <= truth().alpha && truth().alpha <= b.alpha.hi;
    beta_covered += b.beta.lo <= truth().beta && truth().beta <= b.beta.hi;
    alphas.push_back(b.full.alpha);
    widths.push_back(b.alpha.hi - b.alpha.lo);
  }
  const double mean = std::accumulate(alphas.begin(), alphas.end(), 0.0) / 20;
  double variance = 0;
  for (double a : alphas) variance += (a - mean) * (a - mean) / 19;
  const double mean_width = std::accumulate(widths.begin(), widths.end(), 0.0) / 20;
  const double ratio = mean_width / (2 * 1.96 * std::sqrt(variance));
  std::printf("95%% intervals held alpha in %d and beta in %d of 20 datasets; width / (3.92 sd) = %.2f\n",
              alpha_covered, beta_covered, ratio);
  EXPECT_GE(alpha_covered, 16);
  EXPECT_GE(beta_covered, 16);
  EXPECT_GT(ratio, 0.5);
  EXPECT_LT(ratio, 2.0);
}

TEST(BootstrapParametric, RefitStartsAreTheOptimumAndGridStartsThatReachedIt) {
  const auto points = noisy_points(0.005, 11);
  const ParametricOptions fit = coarse_fit();
  const auto fits = fit_parametric_each_start(points, fit);
  const auto starts = refit_starts(fits, fit, 3);
  ASSERT_EQ(starts.size(), 4u);
  const ParametricFit best = best_parametric_fit(fits);
  EXPECT_EQ(starts[0].alpha, best.theta().alpha);
  for (std::size_t k = 1; k < starts.size(); ++k) {
    const auto it = std::find_if(fit.starts.begin(), fit.starts.end(), [&](const ParametricTheta& s) {
      return s.a == starts[k].a && s.b == starts[k].b && s.e == starts[k].e && s.alpha == starts[k].alpha &&
             s.beta == starts[k].beta;
    });
    ASSERT_NE(it, fit.starts.end());
    EXPECT_NEAR(fits[it - fit.starts.begin()].objective, best.objective, 1e-9 * best.objective);
  }
  EXPECT_EQ(refit_starts(fits, fit, -1).size(), fit.starts.size());
}

TEST(BootstrapParametric, FewStartRefitsMatchThePaperGridOnChinchilla) {
  // The bootstrap refits each resample from 5 starts (full-data optimum + 4 grid points); on the
  // first 5 Chinchilla resamples that must give the same optimum as all 4500 grid starts.
  const auto points = test::chinchilla_points();
  BootstrapOptions boot;
  boot.n_boot = 5;
  const ParametricBootstrap b = bootstrap_parametric(points, ParametricOptions{}, boot);
  for (int r = 0; r < boot.n_boot; ++r) {
    std::vector<ParametricPoint> resample;
    for (std::size_t i : resample_indices(points.size(), boot.seed, r)) resample.push_back(points[i]);
    const ParametricFit grid = fit_parametric(resample, ParametricOptions{});
    EXPECT_NEAR(b.replicates[r].objective, grid.objective, 1e-10 * grid.objective) << "resample " << r;
    EXPECT_NEAR(b.replicates[r].alpha, grid.alpha, 1e-6) << "resample " << r;
    EXPECT_NEAR(b.replicates[r].beta, grid.beta, 1e-6) << "resample " << r;
    EXPECT_NEAR(b.replicates[r].E, grid.E, 1e-6) << "resample " << r;
  }
}

}  // namespace
}  // namespace ff
