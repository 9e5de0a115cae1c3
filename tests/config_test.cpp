#include "ff/io/config.h"

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/fit/analysis.h"
#include "ff/plan/plan_settings.h"
#include "ff/plot/figures.h"
#include "ff/train/train_settings.h"
#include "temp_dir.h"

namespace ff {
namespace {

using testing::error_of;

TEST(Config, EveryDefaultKeyIsRead) {
  const Config c = Config::defaults();
  read_plan_settings(c);
  read_train_settings(c);
  read_analyze_settings(c);
  read_plot_settings(c);
  EXPECT_EQ(c.unread_keys(), std::vector<std::string>{});
}

TEST(Config, PresetThenOverrideWin) {
  testing::TempDir dir;
  dir.file("p.yaml", "compute:\n  flops_max: 1e20\n  num_budgets: 3\n");
  Config c = Config::defaults();
  c.merge_file(dir / "p.yaml");
  c.merge_override("compute.num_budgets=4");
  EXPECT_DOUBLE_EQ(c.get_double("compute.flops_max"), 1e20);
  EXPECT_EQ(c.get_int("compute.num_budgets"), 4);
  EXPECT_EQ(c.where("compute.flops_max"), (dir / "p.yaml") + ":2: compute.flops_max");
  EXPECT_EQ(c.where("compute.num_budgets"), "command line: compute.num_budgets");
}

TEST(Config, UnknownKeyNamesFileLineAndSuggests) {
  testing::TempDir dir;
  dir.file("p.yaml", "# comment\ncompute:\n  flop_min: 1e17\n");
  Config c = Config::defaults();
  const std::string msg = error_of([&] { c.merge_file(dir / "p.yaml"); });
  EXPECT_NE(msg.find("p.yaml:3: unknown key 'compute.flop_min' (did you mean 'compute.flops_min'?)"), std::string::npos) << msg;
}

TEST(Config, WrongTypesAreRejected) {
  Config c = Config::defaults();
  EXPECT_NE(error_of([&] { c.merge_override("sizes.num=1.5"); }).find("sizes.num must be an integer"), std::string::npos);
  EXPECT_NE(error_of([&] { c.merge_override("model.tied_embeddings=3"); }).find("true or false"), std::string::npos);
  EXPECT_NE(error_of([&] { c.merge_override("compute.budgets=1e18"); }).find("a list of numbers"), std::string::npos);
  EXPECT_NE(error_of([&] { c.merge_override("compute=3"); }).find("unknown key"), std::string::npos);
  EXPECT_NE(error_of([&] { c.merge_override("novalue"); }).find("not a key=value"), std::string::npos);
}

TEST(Config, MalformedYamlNamesLine) {
  testing::TempDir dir;
  dir.file("p.yaml", "compute:\n  budgets: [1e17, 1e18\n");
  Config c = Config::defaults();
  const std::string msg = error_of([&] { c.merge_file(dir / "p.yaml"); });
  EXPECT_NE(msg.find("p.yaml:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("malformed yaml"), std::string::npos) << msg;
}

TEST(Config, RangeErrorsNameWhereAndValue) {
  Config c = Config::defaults();
  c.merge_override("compute.flops_min=1e20");
  EXPECT_EQ(error_of([&] { read_plan_settings(c); }),
            "command line: compute.flops_min (1e20) must not exceed compute.flops_max (1e19)");
  Config d = Config::defaults();
  d.merge_override("compute.budgets=[1e18, -1]");
  EXPECT_NE(error_of([&] { read_plan_settings(d); }).find("compute.budgets ([1e18, -1]) must hold positive"), std::string::npos);
}

TEST(Config, YamlRoundTripKeepsValues) {
  Config c = Config::defaults();
  c.merge_override("compute.budgets=[1e18, 3e18]");
  c.merge_override("mock.seed=7");
  Config d = Config::defaults();
  d.merge_yaml(c.to_yaml(), "config.yaml");
  EXPECT_EQ(d.get_doubles("compute.budgets"), (std::vector<double>{1e18, 3e18}));
  EXPECT_EQ(d.get_int("mock.seed"), 7);
  EXPECT_EQ(c.to_json()["mock"]["seed"], 7);
}

TEST(Config, ToYamlMergedBackGivesTheSameYaml) {
  Config c = Config::defaults();
  c.merge_file(find_preset("gpt-tinystories-mock"));
  c.merge_override("compute.budgets=[1e18, 3e18]");
  c.merge_override("plot.formats=[svg]");
  c.merge_override("train.lr=1.0e-3");
  Config d = Config::defaults();
  d.merge_yaml(c.to_yaml(), "config.yaml");
  EXPECT_EQ(d.to_yaml(), c.to_yaml());
  EXPECT_EQ(d.to_json(), c.to_json());
}

TEST(Config, FindsPresetsByName) {
  EXPECT_TRUE(std::filesystem::exists(find_preset("gpt-tinystories-mock")));
  EXPECT_NE(error_of([] { find_preset("no-such-preset"); }).find("--preset no-such-preset"), std::string::npos);
}

}  // namespace
}  // namespace ff
