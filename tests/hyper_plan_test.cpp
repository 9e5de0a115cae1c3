// Hyperparameter plans: plan.kind hyperparameters trains every size x batch x lr of the hyper.*
// grids at each budget, iso-FLOP per run; bad grids are one error naming the key; plans from
// hyperparameter laws give each budget its own lr and batch size and record the laws.
#include "ff/plan/hyper_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "ff/plan/isoflop_plan.h"
#include "temp_dir.h"

namespace ff {
namespace {

PlanSettings settings(const std::vector<std::string>& overrides) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  for (const auto& o : overrides) c.merge_override(o);
  return read_plan_settings(c);
}

TEST(HyperGrid, ListsOrLogSpacedRanges) {
  EXPECT_EQ(log_spaced(1e-3, 1e-1, 3), (std::vector<double>{1e-3, 1e-2, 1e-1}));
  const PlanSettings s = settings({"plan.kind=hyperparameters", "hyper.lr_min=1e-4", "hyper.lr_max=1e-2",
                                   "hyper.lr_count=5", "hyper.batch_size=[64, 16, 32]"});
  EXPECT_EQ(s.kind, PlanKind::kHyperparameters);
  EXPECT_EQ(s.hyper.lr, (std::vector<double>{1e-4, 3.16e-4, 1e-3, 3.16e-3, 1e-2}));
  EXPECT_EQ(s.hyper.batch_sizes, (std::vector<int64_t>{16, 32, 64}));
  EXPECT_EQ(settings({"hyper.batch_size_count=3"}).hyper.batch_sizes, (std::vector<int64_t>{8, 32, 128}));
  EXPECT_TRUE(settings({}).hyper.batch_sizes.empty());  // train.batch_size only
  EXPECT_EQ(settings({}).kind, PlanKind::kIsoflop);
}

TEST(HyperGrid, BadValuesNameTheKey) {
  const auto error = [](const std::string& o) { return testing::error_of([&] { settings({o}); }); };
  EXPECT_EQ(error("plan.kind=grid"), "command line: plan.kind (grid) must be isoflop or hyperparameters");
  EXPECT_EQ(error("hyper.lr_count=2"), "command line: hyper.lr_count (2) must be at least 3: a parabola needs 3 values");
  EXPECT_EQ(error("hyper.lr=[1e-3, -1]"), "command line: hyper.lr ([1e-3, -1]) must hold positive numbers");
  EXPECT_EQ(error("hyper.sizes=0"), "command line: hyper.sizes (0) must be at least 1");
  EXPECT_NE(error("hyper.lr_min=1").find("hyper.lr_min (1) must be below hyper.lr_max"), std::string::npos);
}

TEST(HyperPlan, EveryCombinationOncePerBudget) {
  const PlanSettings s = settings({"plan.kind=hyperparameters", "hyper.budgets=[1e17, 1e18]", "hyper.sizes=2",
                                   "hyper.lr=[1e-3, 3e-3, 1e-2]", "hyper.batch_size=[16, 64]"});
  std::vector<std::string> warnings;
  const Plan plan = make_hyper_plan(s, &warnings);
  EXPECT_EQ(plan.kind, PlanKind::kHyperparameters);
  EXPECT_EQ(plan.budgets, (std::vector<double>{1e17, 1e18}));
  ASSERT_EQ(plan.runs.size(), 2u * 2u * 2u * 3u);
  std::set<std::string> ids;
  std::set<std::tuple<double, int64_t, int64_t, double>> combos;
  for (const auto& r : plan.runs) {
    ids.insert(r.run_id);
    combos.insert({r.compute_budget, r.arch.d_model, r.batch_size, r.lr});
    EXPECT_EQ(r.tokens, r.steps * r.batch_size * r.arch.seq_len);
    EXPECT_NEAR(r.flops / r.compute_budget, 1.0, 0.05) << r.run_id;
  }
  EXPECT_EQ(ids.size(), plan.runs.size());
  EXPECT_EQ(combos.size(), plan.runs.size());
  const auto table = format_plan_table(plan);
  EXPECT_NE(table.find("batch"), std::string::npos);
  EXPECT_NE(table.find("0.003"), std::string::npos);
}

TEST(HyperPlan, OneSizeSitsAtThePriorOptimum) {
  const Plan plan = make_hyper_plan(settings({"plan.kind=hyperparameters", "hyper.lr=[1e-3, 1e-2, 1e-1]"}), nullptr);
  std::set<double> budgets;
  for (const auto& r : plan.runs) {
    budgets.insert(r.compute_budget);
    const double prior = std::sqrt(r.compute_budget / (6 * 20.0));
    EXPECT_LT(std::fabs(std::log(static_cast<double>(r.n_params) / prior)), 0.5) << r.run_id;
  }
  EXPECT_EQ(budgets.size(), 5u);  // the compute.* budgets
  EXPECT_EQ(plan.runs.size(), 15u);
}

TEST(HyperPlan, LawsSetEachBudgetsLrAndBatch) {
  PlanSettings s = settings({});
  s.has_hyper_laws = true;
  s.hyper_laws = {"a.json", true, 3e-3 * std::pow(1e18, 0.125), -0.125, true, 32 / std::pow(1e18, 0.33), 0.33};
  EXPECT_NEAR(planned_lr(s, 1e18), 3e-3, 1e-12);
  EXPECT_EQ(planned_batch_size(s, 1e18), 32);
  EXPECT_EQ(planned_batch_size(s, 1e19), std::llround(32 * std::pow(10.0, 0.33)));
  const Plan plan = plan_with_hyper_laws(s, make_plan, nullptr);
  const Plan plain = make_plan(settings({}), nullptr);
  ASSERT_EQ(plan.runs.size(), plain.runs.size());
  EXPECT_TRUE(plan.has_hyper_laws);
  for (const auto& r : plan.runs) {
    EXPECT_DOUBLE_EQ(r.lr, planned_lr(s, r.compute_budget));
    EXPECT_EQ(r.batch_size, planned_batch_size(s, r.compute_budget));
  }
  s.hyper_laws.batch_size = false;  // only the lr law: batch stays train.batch_size
  EXPECT_EQ(planned_batch_size(s, 1e19), 32);
}

// The laws given as config keys (a preset can carry a measured law) act as --hyper-from's do.
TEST(HyperPlan, ConfigKeysGiveTheLaws) {
  const PlanSettings s = settings({"hyper.lr_law=[0.5, -0.1]", "hyper.batch_size_law=[1e-3, 0.25]"});
  ASSERT_TRUE(s.has_hyper_laws);
  EXPECT_EQ(s.hyper_laws.source, "command line: hyper.lr_law");
  EXPECT_NEAR(planned_lr(s, 1e18), 0.5 * std::pow(1e18, -0.1), 1e-15);
  EXPECT_EQ(planned_batch_size(s, 1e16), 10);
  const PlanSettings lr_only = settings({"hyper.lr_law=[0.5, -0.1]"});
  EXPECT_TRUE(lr_only.has_hyper_laws);
  EXPECT_EQ(planned_batch_size(lr_only, 1e16), lr_only.batch_size);  // train.batch_size
  EXPECT_FALSE(settings({}).has_hyper_laws);
  const auto error = [](const std::vector<std::string>& o) { return testing::error_of([&] { settings(o); }); };
  EXPECT_EQ(error({"hyper.lr_law=[0.5]"}),
            "command line: hyper.lr_law ([0.5]) must be [] or [k, exponent] with k > 0: value = k C^exponent, C in FLOPs");
  EXPECT_NE(error({"hyper.batch_size_law=[0, 0.3]"}).find("hyper.batch_size_law ([0, 0.3]) must be []"),
            std::string::npos);
  EXPECT_EQ(error({"plan.kind=hyperparameters", "hyper.lr_law=[0.5, -0.1]"}),
            "command line: hyper.lr_law ([0.5, -0.1]) sets the lr and batch size of an isoflop plan, not of plan.kind "
            "hyperparameters");
}

}  // namespace
}  // namespace ff
