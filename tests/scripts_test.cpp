// The shell pipeline (scripts/sweep-pipeline.sh, sharded) and the Makefile fragment
// (scripts/flops-fit.mk): every stage's files, and make re-running only the stages whose inputs
// changed.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "ff/io/csv.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

const std::string kSource = FF_SOURCE_DIR;
const std::string kBin = FF_BIN_DIR;

// Runs `command` with its output in `log`; returns the exit status.
int sh(const std::string& command, const fs::path& log) {
  return std::system((command + " > " + log.string() + " 2>&1").c_str());
}

TEST(Scripts, SweepPipelineRunsTheFourStagesInShards) {
  testing::TempDir dir;
  const fs::path sweep = dir.path() / "s", log = dir.path() / "log.txt";
  ASSERT_EQ(sh("FF_BIN=" + kBin + " bash " + kSource + "/scripts/sweep-pipeline.sh -d " + sweep.string() +
                   " -s 2 compute.num_budgets=3", log), 0) << read_file(log);
  EXPECT_EQ(read_csv(sweep / "results.csv").rows.size(), 21u);  // 3 budgets x 7 sizes, from 2 shards
  EXPECT_NE(read_file(sweep / "plan.txt").find("run_id"), std::string::npos);
  EXPECT_TRUE(fs::exists(sweep / "analysis.json"));
  EXPECT_TRUE(fs::exists(sweep / "plots/isoflop.png"));
  EXPECT_NE(read_file(log).find("| Compute (FLOPs) |"), std::string::npos);
}

// The budgets chinchilla.csv predicts (one row per approach and budget).
std::set<std::string> predicted_budgets(const fs::path& csv) {
  const CsvTable t = read_csv(csv);
  std::set<std::string> budgets;
  for (const auto& row : t.rows) budgets.insert(row[static_cast<size_t>(t.require_column("compute_budget"))]);
  return budgets;
}

// The tools a make run started, from the recipes it echoed.
std::string stages(const fs::path& log) {
  const std::string text = read_file(log);
  std::string ran;
  for (const char* tool : {"ff-plan", "ff-train", "ff-analyze", "ff-plot"}) {
    if (text.find(std::string("/") + tool + " --dir") != std::string::npos) ran += std::string(ran.empty() ? "" : " ") + tool;
  }
  return ran;
}

TEST(Scripts, MakefileReRunsOnlyWhatChanged) {
  testing::TempDir dir;
  const fs::path preset = dir.path() / "preset.yaml", analyze = dir.path() / "analyze.yaml";
  fs::copy_file(kSource + "/presets/gpt-tinystories-mock.yaml", preset);
  std::ofstream(analyze) << "analyze:\n  predict: [1.0e+21]\n  bootstrap: 0\n";
  std::ofstream(dir.path() / "plot.yaml") << "plot:\n  formats: [png]\n";
  const std::string make = "make --no-print-directory -f " + kSource + "/scripts/flops-fit.mk -j2 FF_SHARDS=2 FF_BIN=" +
                           kBin + " FF_SWEEP=" + (dir.path() / "s").string() + " FF_PRESET=" + preset.string() +
                           " FF_ANALYZE_CONFIG=" + analyze.string() + " FF_PLOT_CONFIG=" + (dir.path() / "plot.yaml").string() +
                           " FF_PLAN_ARGS=compute.num_budgets=3 ff-all";
  const fs::path log = dir.path() / "log.txt";
  ASSERT_EQ(sh(make, log), 0) << read_file(log);
  EXPECT_EQ(stages(log), "ff-plan ff-train ff-analyze ff-plot") << read_file(log);
  EXPECT_EQ(predicted_budgets(dir.path() / "s/chinchilla.csv").size(), 1u);  // analyze.yaml's one budget
  EXPECT_TRUE(fs::exists(dir.path() / "s/plots/isoflop.png"));
  EXPECT_FALSE(fs::exists(dir.path() / "s/plots/isoflop.svg"));  // plot.yaml: png only
  ASSERT_EQ(sh(make, log), 0) << read_file(log);
  EXPECT_EQ(stages(log), "") << read_file(log);  // nothing changed

  std::ofstream(analyze) << "analyze:\n  predict: [1.0e+21, 1.0e+22]\n  bootstrap: 0\n";
  ASSERT_EQ(sh(make, log), 0) << read_file(log);
  EXPECT_EQ(stages(log), "ff-analyze ff-plot") << read_file(log);
  EXPECT_EQ(predicted_budgets(dir.path() / "s/chinchilla.csv").size(), 2u);

  fs::last_write_time(preset, fs::file_time_type::clock::now());
  ASSERT_EQ(sh(make, log), 0) << read_file(log);
  EXPECT_EQ(stages(log), "ff-plan ff-train ff-analyze ff-plot") << read_file(log);
  EXPECT_EQ(read_csv(dir.path() / "s/results.csv").rows.size(), 21u);  // the re-plan's runs were all done
}

}  // namespace
}  // namespace ff
