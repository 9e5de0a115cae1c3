// The mock trainer's hidden hyperparameter optimum: off by default (losses bit-identical whatever
// the run's lr and batch), and when on, the loss is lowest at lr_opt(C) and B_opt(C).
#include "ff/train/mock_trainer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ff/common/error.h"
#include "ff/plan/isoflop_plan.h"

namespace ff {
namespace {

Config mock_config(const std::vector<std::string>& overrides) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  for (const auto& o : overrides) c.merge_override(o);
  return c;
}

PlannedRun first_run(const Config& c) { return make_plan(read_plan_settings(c), nullptr).runs.front(); }

TEST(MockTrainer, WidthsZeroLeaveTheLawUntouched) {
  const Config c = mock_config({"mock.noise=0"});
  const TrainSettings t = read_train_settings(c);
  PlannedRun run = first_run(c);
  for (double lr : {1e-5, 3e-3, 1.0}) {
    for (int64_t batch : {1, 32, 4096}) {
      run.lr = lr, run.batch_size = batch;
      const RunOutcome out = mock_train(run, t);
      EXPECT_EQ(out.final_loss, t.mock.law.loss(static_cast<double>(run.n_params), static_cast<double>(out.tokens_seen)));
    }
  }
  const Config noisy = mock_config({});
  const TrainSettings tn = read_train_settings(noisy);
  PlannedRun a = first_run(noisy), b = a;
  b.lr = a.lr * 100;  // same run id: the same noise draws
  const RunOutcome oa = mock_train(a, tn), ob = mock_train(b, tn);
  ASSERT_EQ(oa.curve.size(), ob.curve.size());
  for (size_t i = 0; i < oa.curve.size(); ++i) EXPECT_EQ(oa.curve[i].eval_loss, ob.curve[i].eval_loss);
}

TEST(MockTrainer, HiddenOptimumIsTheLowestLoss) {
  const Config c = mock_config({"mock.noise=0", "mock.lr_width=0.1", "mock.lr_opt=2e-3", "mock.lr_exponent=-0.125",
                                "mock.batch_width=0.05", "mock.batch_opt=40", "mock.batch_exponent=0.33"});
  const TrainSettings t = read_train_settings(c);
  PlannedRun run = first_run(c);  // budget 1e17
  const double lr_opt = 2e-3 * std::pow(0.1, -0.125), b_opt = 40 * std::pow(0.1, 0.33);
  EXPECT_DOUBLE_EQ(t.mock.hyper.lr_at(1e17), lr_opt);
  EXPECT_DOUBLE_EQ(t.mock.hyper.batch_at(1e17), b_opt);
  run.lr = lr_opt * std::exp(1.0);
  run.batch_size = std::llround(b_opt);
  const double expected = 1 + 0.1 + 0.05 * std::pow(std::log(static_cast<double>(run.batch_size) / b_opt), 2);
  EXPECT_NEAR(t.mock.hyper.factor(1e17, run.lr, static_cast<double>(run.batch_size)), expected, 1e-12);
  const double at_e = mock_train(run, t).final_loss;
  run.lr = lr_opt;
  const double at_opt = mock_train(run, t).final_loss;
  EXPECT_LT(at_opt, at_e);
  EXPECT_NEAR(at_e / at_opt, expected / (expected - 0.1), 1e-12);
}

TEST(MockTrainer, HyperKeysAreRangeChecked) {
  EXPECT_THROW(read_train_settings(mock_config({"mock.lr_width=-1"})), Error);
  EXPECT_THROW(read_train_settings(mock_config({"mock.batch_opt=0"})), Error);
}

}  // namespace
}  // namespace ff
