// Bootstrap intervals of every approach: deterministic whatever the threads, failed replicates
// counted, and 95% intervals that hold the true exponent in most seeded mock sweeps.
#include "ff/fit/uncertainty.h"

#include <gtest/gtest.h>

#include "ff/fit/analysis.h"
#include "mock_sweep.h"

namespace ff {
namespace {

using testing::mock_sweep;
using testing::true_a;

AnalyzeSettings quick_settings(int bootstrap, int threads) {
  AnalyzeSettings s;
  s.predict = {1e21};
  s.bootstrap = bootstrap;
  s.threads = threads;
  s.seed = 7;
  s.parametric_starts = testing::few_parametric_starts();
  return s;
}

TEST(Uncertainty, IntervalsDoNotDependOnThreads) {
  const auto sweep = mock_sweep(LossLaw{}, 0.002, 3);
  const Analysis one = analyze(sweep.runs, quick_settings(60, 1), sweep.curves);
  const Analysis three = analyze(sweep.runs, quick_settings(60, 3), sweep.curves);
  for (Approach a : kAllApproaches) {
    const Uncertainty& u1 = one.report(a).uncertainty;
    const Uncertainty& u3 = three.report(a).uncertainty;
    ASSERT_EQ(u1.intervals.size(), u3.intervals.size());
    for (std::size_t i = 0; i < u1.intervals.size(); ++i) {
      EXPECT_EQ(u1.intervals[i].bounds.lo, u3.intervals[i].bounds.lo) << u1.intervals[i].name;  // bit for bit
      EXPECT_EQ(u1.intervals[i].bounds.hi, u3.intervals[i].bounds.hi) << u1.intervals[i].name;
    }
    EXPECT_EQ(one.report(a).predictions[0].n_params_interval.lo, three.report(a).predictions[0].n_params_interval.lo);
  }
}

TEST(Uncertainty, IntervalsBracketTheEstimates) {
  const auto sweep = mock_sweep(LossLaw{}, 0.002, 1);
  const Analysis a = analyze(sweep.runs, quick_settings(200, 2), sweep.curves);
  for (const ApproachReport& r : a.approaches) {
    ASSERT_TRUE(r.fitted) << r.reason;
    EXPECT_EQ(r.uncertainty.replicates, 200);
    EXPECT_EQ(r.uncertainty.succeeded + r.uncertainty.dropped(), 200);
    const Bounds ia = r.uncertainty.interval("a");
    ASSERT_TRUE(ia.known());
    EXPECT_LT(ia.lo, r.law.a());
    EXPECT_GT(ia.hi, r.law.a());
    const Prediction& p = r.predictions.at(0);
    EXPECT_LT(p.n_params_interval.lo, p.n_params);
    EXPECT_GT(p.n_params_interval.hi, p.n_params);
    EXPECT_LT(p.loss_interval.lo, p.loss_interval.hi);
    EXPECT_FALSE(r.uncertainty.band.empty());
  }
  for (const char* name : {"E", "A", "B", "alpha", "beta", "G"}) {
    EXPECT_TRUE(a.report(Approach::kParametric).uncertainty.interval(name).known()) << name;
  }
  EXPECT_FALSE(a.report(Approach::kIsoflop).uncertainty.interval("alpha").known());
}

TEST(Uncertainty, FailedReplicatesAreDroppedAndCounted) {
  // 2 budgets x 3 sizes: a resample that misses a size leaves a budget without a parabola, and
  // the IsoFLOP approach, needing 2 budgets, fails on it.
  const auto sweep = mock_sweep(LossLaw{}, 0.002, 1, {"compute.num_budgets=2", "sizes.num=3"});
  AnalyzeSettings s = quick_settings(100, 2);
  const Analysis a = analyze(sweep.runs, s, sweep.curves);
  const Uncertainty& u = a.report(Approach::kIsoflop).uncertainty;
  EXPECT_GT(u.dropped(), 10);
  EXPECT_EQ(u.succeeded + u.dropped(), 100);
  bool warned = false;
  for (const auto& w : a.warnings) warned |= w.find("isoflop: the approach failed on") != std::string::npos;
  EXPECT_TRUE(warned);
}

// Over seeded mock sweeps, count how often each approach's 95% interval of a holds the truth, and
// check that the intervals are informative (mean width below max_width[approach]).
void expect_coverage(const LossLaw& law, int sweeps, int min_covered, const std::array<double, kNumApproaches>& max_width) {
  std::array<int, kNumApproaches> covered{};
  std::array<double, kNumApproaches> width{};
  for (int seed = 1; seed <= sweeps; ++seed) {
    const auto sweep = mock_sweep(law, 0.002, static_cast<uint64_t>(100 + seed));
    AnalyzeSettings s = quick_settings(200, 2);
    s.seed = static_cast<uint64_t>(seed);
    const Analysis a = analyze(sweep.runs, s, sweep.curves);
    for (const ApproachReport& r : a.approaches) {
      const Bounds b = r.uncertainty.interval("a");
      covered[static_cast<int>(r.approach)] += b.known() && b.lo <= true_a(law) && true_a(law) <= b.hi;
      width[static_cast<int>(r.approach)] += (b.hi - b.lo) / sweeps;
    }
  }
  for (Approach a : kAllApproaches) {
    const int k = static_cast<int>(a);
    EXPECT_GE(covered[k], min_covered) << approach_name(a);
    EXPECT_LT(width[k], max_width[k]) << approach_name(a);
    std::printf("%s: the 95%% interval of a holds %.4f in %d of %d sweeps, mean width %.4f\n", approach_name(a),
                true_a(law), covered[k], sweeps, width[k]);
  }
}

TEST(Uncertainty, IntervalsCoverTheTrueExponent) {
  // Resampling the runs of a designed sweep also resamples its design (a resample lacks some sizes),
  // so the intervals run wide: coverage is typically above 95%.
  expect_coverage(LossLaw{}, 20, 15, {0.25, 0.07, 0.045});  // envelope, isoflop, parametric
  expect_coverage(testing::second_law(), 20, 15, {0.25, 0.07, 0.045});
}

}  // namespace
}  // namespace ff
