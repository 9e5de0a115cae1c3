// Key ownership and each stage's configuration: every key has one owner (the stage whose settings
// reader reads it), later stages read config.yaml without rewriting it, refuse keys another stage
// owns, and refuse values that differ from what plan.json fixed.
#include "ff/pipeline/stage_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "ff/common/fs.h"
#include "ff/fit/analyze_settings.h"
#include "ff/plan/plan_settings.h"
#include "ff/plot/figures.h"
#include "ff/train/train_settings.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using testing::error_of;

// The keys each stage's settings reader reads.
std::map<Stage, std::set<std::string>> keys_read_by_stage() {
  const std::map<Stage, std::function<void(const Config&)>> readers = {
      {Stage::kPlan, [](const Config& c) { read_plan_settings(c); }},
      {Stage::kTrain, [](const Config& c) { read_train_settings(c); }},
      {Stage::kAnalyze, [](const Config& c) { read_analyze_settings(c); }},
      {Stage::kPlot, [](const Config& c) { read_plot_settings(c); }},
  };
  std::map<Stage, std::set<std::string>> read;
  for (const auto& [stage, reader] : readers) {
    const Config config = Config::defaults();
    reader(config);
    const auto unread = config.unread_keys();
    for (const auto& key : config.keys()) {
      if (std::find(unread.begin(), unread.end(), key) == unread.end()) read[stage].insert(key);
    }
  }
  return read;
}

TEST(StageConfig, EveryKeyIsReadByExactlyItsOwner) {
  const auto read = keys_read_by_stage();
  const Config config = Config::defaults();
  for (const auto& key : config.keys()) {
    std::vector<std::string> readers;
    for (const auto& [stage, keys] : read) {
      if (keys.count(key)) readers.push_back(stage_name(stage));
    }
    ASSERT_EQ(readers.size(), 1u) << key << " is read by " << readers.size() << " stages";
    EXPECT_EQ(readers.front(), stage_name(key_owner(config, key))) << key;
  }
}

TEST(StageConfig, PlanFixesTheRunsBatchAndLearningRate) {
  const Config config = Config::defaults();
  EXPECT_EQ(key_owner(config, "train.lr"), Stage::kPlan);
  EXPECT_EQ(key_owner(config, "train.batch_size"), Stage::kPlan);
  EXPECT_EQ(key_owner(config, "train.mode"), Stage::kTrain);
  EXPECT_EQ(key_owner(config, "analyze.bootstrap"), Stage::kAnalyze);
  EXPECT_EQ(key_owner(config, "plot.formats"), Stage::kPlot);
}

TEST(StageConfig, LaterStagesReadTheSweepConfigUnderThePresetAndOverrides) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  write_sweep_config(dir, [] {
    Config c = Config::defaults();
    c.merge_override("mock.seed=7");
    c.merge_override("analyze.bootstrap=50");
    return c;
  }());
  const Config train = load_stage_config(Stage::kTrain, dir, {"", {"mock.noise=0.01"}});
  EXPECT_EQ(train.get_int("mock.seed"), 7);
  EXPECT_DOUBLE_EQ(train.get_double("mock.noise"), 0.01);
  EXPECT_EQ(load_stage_config(Stage::kAnalyze, dir, {}).get_int("analyze.bootstrap"), 50);
  EXPECT_EQ(load_stage_config(Stage::kPlan, dir, {}).get_int("analyze.bootstrap"), 1000)
      << "ff-plan starts from the defaults, not from an earlier sweep's config.yaml";
}

TEST(StageConfig, LaterStageRefusesAKeyAnotherStageReads) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  EXPECT_EQ(error_of([&] { load_stage_config(Stage::kTrain, dir, {"", {"analyze.bootstrap=0"}}); }),
            "command line: analyze.bootstrap is read by ff-analyze, not by ff-train (hint: pass it to ff-analyze, or "
            "to ff-plan to make it this sweep's default)");
  EXPECT_EQ(error_of([&] { load_stage_config(Stage::kAnalyze, dir, {"", {"train.lr=0.5"}}); }),
            "command line: train.lr is ff-plan's: plan.json fixes it for this sweep, and ff-analyze does not read it "
            "(hint: plan a new sweep with ff-plan train.lr=0.5)");
  EXPECT_EQ(error_of([&] { load_stage_config(Stage::kPlan, dir, {"", {"analyze.bootstrap=0", "plot.width=500"}}); }),
            "")
      << "ff-plan records every stage's keys in config.yaml";
  EXPECT_EQ(error_of([&] { load_stage_config(Stage::kTrain, dir, {"", {"train.lr=0.5"}}); }), "")
      << "ff-train compares ff-plan's keys with plan.json (check_plan_fixed)";
}

TEST(StageConfig, ValueThatDiffersFromThePlanNamesBothAndTheFix) {
  Config planned = Config::defaults();
  planned.merge_override("train.lr=5e-3");
  const nlohmann::json plan_config = planned.to_json();
  Config same = Config::defaults();
  same.merge_override("train.lr=0.005");
  EXPECT_EQ(error_of([&] { check_plan_fixed(same, plan_config, "s/plan.json"); }), "");
  Config other = Config::defaults();
  other.merge_override("train.lr=0.5");
  EXPECT_EQ(error_of([&] { check_plan_fixed(other, plan_config, "s/plan.json"); }),
            "command line: train.lr (0.5) differs from 0.005 in s/plan.json, which fixed this sweep's runs (hint: to "
            "use 0.5, plan a new sweep: ff-plan --dir NEW_DIR train.lr=0.5)");
  Config shape = Config::defaults();
  shape.merge_override("model.seq_len=64");
  EXPECT_NE(error_of([&] { check_plan_fixed(shape, plan_config, "s/plan.json"); }).find("model.seq_len (64) differs "
                                                                                        "from 1024"),
            std::string::npos);
  nlohmann::json older = plan_config;
  older["train"].erase("lr");
  EXPECT_EQ(error_of([&] { check_plan_fixed(other, older, "s/plan.json"); }), "")
      << "a key the plan did not record is not checked";
  EXPECT_EQ(error_of([&] { check_plan_fixed(other, nlohmann::json::object(), "s/plan.json"); }), "");
}

TEST(StageConfig, StageRecordLeavesConfigYamlAsItIs) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  write_sweep_config(dir, Config::defaults());
  const std::string before = read_file(dir.config());
  Config train = load_stage_config(Stage::kTrain, dir, {"", {"train.threads=1"}});
  record_stage_config(dir, Stage::kTrain, train);
  EXPECT_EQ(read_file(dir.config()), before);
  const std::string record = read_file(dir.stage_record(Stage::kTrain));
  EXPECT_EQ(record.rfind("# What ff-train last ran with", 0), 0u) << record;
  EXPECT_NE(record.find("threads: 1"), std::string::npos) << record;
}

}  // namespace
}  // namespace ff
