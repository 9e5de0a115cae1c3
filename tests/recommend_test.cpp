// The runnable recommendation: on a mock sweep of a known law, the recommended run's N lies within
// 2% of N_opt, its preset plans (with ff-plan's own reader) as exactly that one run, and that run,
// mock-trained, measures a loss inside the predicted interval.
#include "ff/plan/recommend.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/pipeline/analyze_stage.h"
#include "ff/pipeline/stage_config.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

Config mock_config() {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  return c;
}

const Analysis& mock_analysis() {
  static const Analysis a = [] {
    const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
    AnalyzeSettings s;
    s.bootstrap = 200;
    s.predict = {1e20, 1e21, 1e22};
    return analyze(sweep.runs, s, sweep.curves);
  }();
  return a;
}

TEST(Recommend, PresetPlansTheRunAndItsMockLossLiesInThePredictedInterval) {
  const Analysis& a = mock_analysis();
  const Config sweep = mock_config();
  const auto& predictions = a.report(a.preferred()).predictions;
  ASSERT_EQ(predictions.size(), 3u);
  for (const Prediction& p : predictions) {
    SCOPED_TRACE(p.compute_budget);
    const Recommendation r = recommend_run(p, read_plan_settings(sweep));
    EXPECT_LT(std::fabs(r.n_error), 0.02);
    EXPECT_NEAR(static_cast<double>(r.run.n_params) / p.n_params - 1, r.n_error, 1e-12);
    EXPECT_EQ(r.run.batch_size, 32);  // the sweep's train.batch_size and train.lr
    EXPECT_EQ(r.run.lr, sweep.get_double("train.lr"));
    EXPECT_NEAR(static_cast<double>(r.run.tokens) / p.tokens, 1.0, 0.03);  // D = C / (6 N) with N near N_opt
    // ff-plan's reader plans the preset as that one run.
    testing::TempDir dir;
    const auto path = dir / "recommended.yaml";
    write_recommendation(r, sweep, "sweep/analysis.json", path);
    Config back = Config::defaults();
    back.merge_file(path);
    const Plan plan = make_plan(read_plan_settings(back), nullptr);
    ASSERT_EQ(plan.runs.size(), 1u);
    EXPECT_EQ(plan.runs[0].run_id, r.run.run_id);
    EXPECT_EQ(plan.runs[0].n_params, r.run.n_params);
    EXPECT_EQ(plan.runs[0].steps, r.run.steps);
    // Mock-trained from the law the sweep was drawn from: inside the predicted loss interval.
    TrainSettings t = read_train_settings(back);
    t.mock.law = LossLaw{};
    t.mock.noise = 0.002;
    t.mock.seed = 1;
    const RunOutcome out = mock_train(plan.runs[0], t);
    ASSERT_TRUE(p.loss_interval.known());
    EXPECT_GE(out.final_loss, p.loss_interval.lo);
    EXPECT_LE(out.final_loss, p.loss_interval.hi);
    const std::string text = read_file(path);
    EXPECT_NE(text.find("# The compute-optimal run at "), std::string::npos);
    EXPECT_NE(text.find("loss " + fmt::format("{:.4g}", p.loss)), std::string::npos) << text;
  }
}

TEST(Recommend, AnalyzeStageWritesOnePresetPerPredictedBudgetInASweep) {
  testing::TempDir dir;
  const SweepDir sweep_dir(dir.path());
  const Config sweep = mock_config();
  write_sweep_config(sweep_dir, sweep);
  const auto mock = testing::mock_sweep(LossLaw{}, 0.002, 1);
  std::string csv = "run_id,compute_budget,n_params,tokens,final_loss,status\n";
  for (const Observation& r : mock.runs) {
    csv += fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g},ok\n", r.run_id, r.compute_budget, r.n_params, r.tokens,
                       r.final_loss);
  }
  dir.file("results.csv", csv);
  Config config = load_stage_config(Stage::kAnalyze, sweep_dir, {"", {"analyze.bootstrap=0", "analyze.predict=[1e20, 3e21]"}});
  run_analyze_stage(sweep_dir, config);
  EXPECT_EQ(sweep_dir.recommended(3e21).filename(), "3e21.yaml");
  for (double c : {1e20, 3e21}) {
    ASSERT_TRUE(std::filesystem::exists(sweep_dir.recommended(c))) << c;
    Config back = Config::defaults();
    back.merge_file(sweep_dir.recommended(c));
    const Plan plan = make_plan(read_plan_settings(back), nullptr);
    ASSERT_EQ(plan.runs.size(), 1u);
    EXPECT_EQ(plan.runs[0].compute_budget, c);
  }
}

}  // namespace
}  // namespace ff
