// ff-plan --from: the next sweep's size grids centred on the predicted optima, spanning their intervals.
#include "ff/plan/plan_from_analysis.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/error.h"
#include "ff/fit/analysis.h"
#include "ff/plan/isoflop_plan.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

Analysis mock_analysis(int bootstrap, bool with_curves) {
  const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
  AnalyzeSettings s;
  s.bootstrap = bootstrap;
  s.predict = {1e21};
  s.parametric_starts = testing::few_parametric_starts();
  return analyze(sweep.runs, s, with_curves ? sweep.curves : std::vector<RunCurve>{});
}

PlanSettings next_sweep(const std::vector<std::string>& overrides) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  c.merge_override("compute.budgets=[1e20, 1e21]");
  for (const auto& o : overrides) c.merge_override(o);
  return read_plan_settings(c);
}

TEST(PlanFromAnalysis, CentresEachBudgetOnThePredictedOptimum) {
  const Analysis analysis = mock_analysis(60, true);
  PlanSettings s = next_sweep({});
  std::vector<std::string> warnings;
  EXPECT_EQ(centre_on_analysis(s, analysis, "", "analysis.json", &warnings), Approach::kParametric);
  EXPECT_TRUE(warnings.empty()) << warnings.at(0);
  const PowerLaw& law = analysis.report(Approach::kParametric).law.n_opt;
  for (double c : s.budgets) {
    const double n_opt = law.coefficient * std::pow(c, law.exponent);
    const auto targets = size_targets(c, s);
    ASSERT_EQ(targets.size(), 7u);
    EXPECT_NEAR(std::sqrt(targets.front() * targets.back()) / n_opt, 1.0, 1e-9);  // the grid's centre
    EXPECT_NEAR(targets.back() / targets.front(), s.sizes_span, 1e-9);  // its interval is narrower than 10x
  }
  const Plan plan = make_plan(s, nullptr);
  double log_mean = 0;  // the planned models sit around the optimum (architectures round the sizes)
  int n = 0;
  for (const auto& r : plan.runs) {
    if (r.compute_budget == 1e21) log_mean += std::log(static_cast<double>(r.n_params)), ++n;
  }
  const double n_opt = law.coefficient * std::pow(1e21, law.exponent);
  EXPECT_NEAR(std::exp(log_mean / n) / n_opt, 1.0, 0.15);
}

TEST(PlanFromAnalysis, SpanCoversTheIntervalWhenItIsWider) {
  const Analysis analysis = mock_analysis(60, true);
  PlanSettings s = next_sweep({"sizes.span=2"});
  centre_on_analysis(s, analysis, "envelope", "analysis.json", nullptr);
  for (const Prediction& p : analysis.report(Approach::kEnvelope).predictions) {
    const double c = p.compute_budget, lo = p.n_params_interval.lo, hi = p.n_params_interval.hi;
    const auto targets = size_targets(c, s);
    EXPECT_GT(targets.back() / targets.front(), 2.0);
    EXPECT_LE(targets.front(), lo * (1 + 1e-9));
    EXPECT_GE(targets.back(), hi * (1 - 1e-9));
  }
}

TEST(PlanFromAnalysis, WithoutIntervalsTheConfiguredSpanIsUsed) {
  PlanSettings s = next_sweep({"compute.budgets=[1e20, 1e26]"});
  std::vector<std::string> warnings;
  centre_on_analysis(s, mock_analysis(0, false), "isoflop", "a.json", &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "a.json: the isoflop approach has no bootstrap intervals (analyze.bootstrap = 0): every "
                         "budget spans sizes.span = 10");
  EXPECT_DOUBLE_EQ(s.windows.at(1).span, 10.0);
}

TEST(PlanFromAnalysis, BudgetsBeyondTheBandWarn) {
  PlanSettings s = next_sweep({"compute.budgets=[1e20, 1e26]"});
  std::vector<std::string> warnings;
  centre_on_analysis(s, mock_analysis(40, false), "", "a.json", &warnings);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("some budgets lie outside the parametric approach's interval band (1e17 to 1e21 FLOPs)"),
            std::string::npos)
      << warnings[0];
}

TEST(PlanFromAnalysis, ErrorsNameTheProblem) {
  const Analysis analysis = mock_analysis(0, false);
  PlanSettings s = next_sweep({});
  EXPECT_EQ(testing::error_of([&] { centre_on_analysis(s, analysis, "envelope", "a.json", nullptr); }),
            "a.json: the envelope approach was not fitted (no training curves (runs/<run_id>/curve.csv; ff-analyze "
            "--runs DIR) for the ok runs); choose another with --approach");
  EXPECT_EQ(testing::error_of([&] { centre_on_analysis(s, analysis, "chinchilla", "a.json", nullptr); }),
            "--approach: unknown approach 'chinchilla' (use parametric, isoflop or envelope)");
  PlanSettings widths = next_sweep({"sizes.widths=[256, 512, 768]"});
  EXPECT_EQ(testing::error_of([&] { centre_on_analysis(widths, analysis, "", "a.json", nullptr); }),
            "sizes.widths (3 widths) fixes the model sizes: leave it empty to centre the sizes on a.json");
}

}  // namespace
}  // namespace ff
