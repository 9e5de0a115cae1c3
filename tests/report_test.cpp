// The analysis as text (io/report.h): chinchilla.csv round-trips through its typed reader, and
// chinchilla.md and the stdout summary come from the typed analysis alone.
#include "ff/io/report.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/io/analysis_file.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

const Analysis& mock_analysis() {
  static const Analysis analysis = [] {
    const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
    AnalyzeSettings s;
    s.bootstrap = 30;
    s.predict = {1e20, 1e22};
    s.parametric_starts = testing::few_parametric_starts();
    return analyze(sweep.runs, s, {});  // no curves: the envelope has no predictions
  }();
  return analysis;
}

// Equal at the %.6g the file holds, or both unknown.
void expect_close(double written, double read, const char* what) {
  if (std::isnan(written)) {
    EXPECT_TRUE(std::isnan(read)) << what;
    return;
  }
  EXPECT_NEAR(read / written, 1.0, 1e-5) << what;
}

TEST(ChinchillaCsv, RoundTripsThroughItsReader) {
  testing::TempDir dir;
  const Analysis& a = mock_analysis();
  write_chinchilla_csv(a, dir / "chinchilla.csv");
  const std::vector<Prediction> back = read_chinchilla_csv(dir / "chinchilla.csv");
  ASSERT_EQ(back.size(), a.predictions.size());
  ASSERT_EQ(back.size(), 4u);  // isoflop and parametric at two budgets
  for (size_t i = 0; i < back.size(); ++i) {
    const Prediction &p = a.predictions[i], &q = back[i];
    EXPECT_EQ(q.approach, p.approach);
    expect_close(p.compute_budget, q.compute_budget, "compute_budget");
    expect_close(p.n_params, q.n_params, "n_params");
    expect_close(p.n_params_interval.lo, q.n_params_interval.lo, "n_params_lo");
    expect_close(p.n_params_interval.hi, q.n_params_interval.hi, "n_params_hi");
    expect_close(p.tokens, q.tokens, "tokens");
    expect_close(p.tokens_interval.lo, q.tokens_interval.lo, "tokens_lo");
    expect_close(p.tokens_interval.hi, q.tokens_interval.hi, "tokens_hi");
    EXPECT_NEAR(q.tokens_per_param, p.tokens_per_param, 1e-4);
    expect_close(p.loss, q.loss, "loss");
    expect_close(p.loss_interval.lo, q.loss_interval.lo, "loss_lo");
    expect_close(p.loss_interval.hi, q.loss_interval.hi, "loss_hi");
  }
  Analysis again;
  again.predictions = back;
  EXPECT_EQ(chinchilla_csv(again), read_file(dir / "chinchilla.csv"));  // rewritten byte for byte
}

TEST(ChinchillaCsv, UnknownValuesAreEmptyAndReadAsNaN) {
  const auto back = parse_chinchilla_csv(
      "approach,compute_budget,n_params,n_params_lo,n_params_hi,tokens,tokens_lo,tokens_hi,tokens_per_param,loss,"
      "loss_lo,loss_hi\nisoflop,1e+20,5e+08,,,3e+10,,,60.0000,,,\n",
      "c.csv");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_FALSE(back[0].n_params_interval.known());
  EXPECT_TRUE(std::isnan(back[0].loss));
  EXPECT_EQ(testing::error_of([] { parse_chinchilla_csv("approach,compute_budget\nx,1\n", "c.csv"); }).rfind("c.csv", 0),
            0u);
}

TEST(Report, MarkdownAndSummaryReadTheTypedAnalysisBack) {
  const Analysis& a = mock_analysis();
  const Analysis back = analysis_from_json(to_json(a), "analysis.json");
  EXPECT_EQ(chinchilla_markdown(back), chinchilla_markdown(a));
  EXPECT_EQ(analysis_summary(back), analysis_summary(a));
  EXPECT_EQ(prediction_table(back), prediction_table(a));
}

}  // namespace
}  // namespace ff
