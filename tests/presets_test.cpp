// The shipped presets (presets/*.yaml): each loads over the defaults without an error, every
// setting it makes is read by the tools, and the sweeps they promise are what ff-plan plans: the
// CPU preset at least 3 budgets x 5 distinct sizes of real, byte-level training; the GPU preset a
// CUDA sweep with the GPT-2 tokenizer in the 1e17-1e19 FLOPs range.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ff/fit/analyze_settings.h"
#include "ff/io/config.h"
#include "ff/plan/hyper_plan.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/plan/plan_settings.h"
#include "ff/plot/figures.h"
#include "ff/train/train_settings.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

const fs::path kPresetDir = fs::path(FF_SOURCE_DIR) / "presets";

Config load_preset(const std::string& name) {
  Config config = Config::defaults();
  config.merge_file(kPresetDir / (name + ".yaml"));
  return config;
}

Plan plan_preset(const std::string& name) {
  std::vector<std::string> warnings;
  return make_plan(read_plan_settings(load_preset(name)), &warnings);
}

// Distinct model sizes (n_params) planned for each budget.
std::map<double, std::set<int64_t>> sizes_per_budget(const Plan& plan) {
  std::map<double, std::set<int64_t>> sizes;
  for (const auto& run : plan.runs) sizes[run.compute_budget].insert(run.n_params);
  return sizes;
}

TEST(Presets, EveryPresetLoadsPlansAndReadsAsTrainSettings) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kPresetDir)) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().string());
    ++count;
    Config config = Config::defaults();
    EXPECT_NO_THROW(config.merge_file(entry.path()));
    std::vector<std::string> warnings;
    EXPECT_FALSE(make_plan(read_plan_settings(config), &warnings).runs.empty());
    EXPECT_NO_THROW(read_train_settings(config));
    EXPECT_NO_THROW(read_analyze_settings(config));
    EXPECT_NO_THROW(read_plot_settings(config));
  }
  EXPECT_GE(count, 3);  // mock, cpu, gpu
  for (const char* name : {"gpt-tinystories-mock", "gpt-tinystories-cpu", "gpt-tinystories-gpu"}) {
    EXPECT_EQ(find_preset(name).filename(), std::string(name) + ".yaml");  // --preset NAME works
  }
}

TEST(Presets, CpuPresetPlansThreeBudgetsOfFiveDistinctSizes) {
  const Config config = load_preset("gpt-tinystories-cpu");
  EXPECT_EQ(config.get_string("train.mode"), "local");
  EXPECT_EQ(config.get_string("data.source"), "builtin");
  EXPECT_EQ(config.get_string("tokenizer.name"), "byte");
  EXPECT_EQ(config.get_int("model.vocab_size"), 257);
  const Plan plan = plan_preset("gpt-tinystories-cpu");
  const auto sizes = sizes_per_budget(plan);
  EXPECT_GE(sizes.size(), 3u);
  for (const auto& [budget, n] : sizes) {
    SCOPED_TRACE(budget);
    EXPECT_GE(n.size(), 5u);
  }
  // Every run trains on the builtin train split for at most ~2 epochs.
  const int64_t train_tokens = config.get_int("data.builtin_train_tokens");
  for (const auto& run : plan.runs) EXPECT_LE(run.tokens, 2 * train_tokens) << run.run_id;
}

TEST(Presets, CpuHyperPresetSweepsFiveLearningRatesAndFourBatchSizesAtThreeBudgets) {
  const Config config = load_preset("gpt-tinystories-cpu-hyper");
  EXPECT_EQ(config.get_string("train.mode"), "local");
  EXPECT_EQ(config.get_int("model.vocab_size"), 257);
  const Plan plan = make_hyper_plan(read_plan_settings(config), nullptr);
  EXPECT_EQ(plan.kind, PlanKind::kHyperparameters);
  ASSERT_EQ(plan.runs.size(), 60u);
  std::map<double, std::set<double>> lrs;
  std::map<double, std::set<int64_t>> batches;
  for (const auto& run : plan.runs) {
    lrs[run.compute_budget].insert(run.lr);
    batches[run.compute_budget].insert(run.batch_size);
  }
  EXPECT_EQ(lrs.size(), 3u);
  for (const auto& [budget, lr] : lrs) EXPECT_EQ(lr.size(), 5u) << budget;
  for (const auto& [budget, b] : batches) EXPECT_EQ(b.size(), 4u) << budget;
}

TEST(Presets, GpuPresetPlansACudaSweepOnTinyStoriesWithGpt2Tokens) {
  const Config config = load_preset("gpt-tinystories-gpu");
  EXPECT_EQ(config.get_string("train.mode"), "local");
  EXPECT_EQ(config.get_string("train.device"), "cuda");
  EXPECT_EQ(config.get_string("data.source"), "tinystories_txt");
  EXPECT_EQ(config.get_string("tokenizer.name"), "gpt2");
  EXPECT_EQ(config.get_int("model.vocab_size"), 50257);
  const Plan plan = plan_preset("gpt-tinystories-gpu");
  const auto sizes = sizes_per_budget(plan);
  EXPECT_GE(sizes.size(), 3u);
  for (const auto& [budget, n] : sizes) {
    EXPECT_GE(budget, 1e17);
    EXPECT_LE(budget, 1e19);
    EXPECT_GE(n.size(), 5u) << budget;
  }
}

}  // namespace
}  // namespace ff
