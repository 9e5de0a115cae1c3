#include "ff/plan/isoflop_plan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "ff/common/error.h"
#include "ff/plan/architecture.h"

namespace ff {
namespace {

PlanSettings settings(const std::vector<std::string>& overrides = {}) {
  Config c = Config::defaults();
  for (const auto& o : overrides) c.merge_override(o);
  return read_plan_settings(c);
}

TEST(Plan, LogSpacedBudgetsRounded) {
  const auto s = settings({"compute.flops_min=1e17", "compute.flops_max=1e19", "compute.num_budgets=5"});
  EXPECT_EQ(s.budgets, (std::vector<double>{1e17, 3.16e17, 1e18, 3.16e18, 1e19}));
}

TEST(Plan, ExplicitBudgetsWin) {
  EXPECT_EQ(settings({"compute.budgets=[3e18, 1e18]"}).budgets, (std::vector<double>{1e18, 3e18}));
}

TEST(Plan, ArchitectureFollowsShapeRules) {
  ModelShape shape;
  const GptArch a = arch_for_width(512, shape);
  EXPECT_EQ(a.n_heads, 8);
  EXPECT_EQ(a.n_layers, 8);
  EXPECT_EQ(a.d_ff, 2048);
  EXPECT_THROW(arch_for_width(100, shape), Error);
  const GptArch b = arch_for_params(1e8, shape);
  EXPECT_LT(std::fabs(std::log(n_params(b) / 1e8)), 0.25);
  EXPECT_EQ(b.d_model % shape.head_size, 0);
}

TEST(Plan, RunsAreIsoFlopAndCentredOnPrior) {
  std::vector<std::string> warnings;
  const Plan plan = make_plan(settings(), &warnings);
  ASSERT_FALSE(plan.runs.empty());
  for (const auto& r : plan.runs) {
    EXPECT_EQ(r.tokens, r.steps * r.batch_size * r.arch.seq_len);
    EXPECT_DOUBLE_EQ(r.flops, 6.0 * r.n_params * r.tokens);  // 6ND with total N by default
    EXPECT_NEAR(r.flops / r.compute_budget, 1.0, 0.05) << r.run_id;  // step rounding only
    EXPECT_EQ(r.n_params, n_params(r.arch));
  }
  for (double c : plan.budgets) {
    std::vector<double> sizes;
    for (const auto& r : plan.runs) {
      if (r.compute_budget == c) sizes.push_back(static_cast<double>(r.n_params));
    }
    const double prior = std::sqrt(c / (6 * 20.0));
    EXPECT_LT(sizes.front(), prior);
    EXPECT_GT(sizes.back(), prior);
  }
}

TEST(Plan, RunIdsAreStableAndDistinct) {
  const Plan a = make_plan(settings(), nullptr), b = make_plan(settings(), nullptr);
  std::set<std::string> ids;
  for (size_t i = 0; i < a.runs.size(); ++i) {
    EXPECT_EQ(a.runs[i].run_id, b.runs[i].run_id);
    ids.insert(a.runs[i].run_id);
  }
  EXPECT_EQ(ids.size(), a.runs.size());
  const Plan c = make_plan(settings({"train.lr=1e-3"}), nullptr);
  EXPECT_NE(a.runs[0].run_id, c.runs[0].run_id);
}

TEST(Plan, ConventionChangesTokens) {
  const Plan kaplan = make_plan(settings({"compute.flops_convention=6nd_non_embedding"}), nullptr);
  for (const auto& r : kaplan.runs) EXPECT_DOUBLE_EQ(r.flops, 6.0 * r.n_params_non_embedding * r.tokens);
  const Plan attn = make_plan(settings({"compute.flops_convention=6nd_attention"}), nullptr);
  for (const auto& r : attn.runs) EXPECT_DOUBLE_EQ(r.flops_per_token, flops_per_token_with_attention(r.arch));
}

TEST(Plan, ImpossiblePlansAreRefused) {
  auto msg = [](const std::vector<std::string>& o) {
    try {
      make_plan(settings(o), nullptr);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(msg({"compute.budgets=[1e9]"}).find("too small for one batch"), std::string::npos);
  EXPECT_NE(msg({"sizes.min_params=1e12"}).find("size range for budget"), std::string::npos);
  EXPECT_NE(msg({"sizes.widths=[96, 128]"}).find("model.head_size (64) does not divide d_model (96)"), std::string::npos);
  EXPECT_THROW(settings({"sizes.num=2"}), Error);
  EXPECT_THROW(settings({"sizes.span=1"}), Error);
}

}  // namespace
}  // namespace ff
