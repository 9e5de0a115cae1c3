#include "ff/io/results_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "temp_dir.h"

namespace ff {
namespace {

RunResult row(const std::string& id, const std::string& status = "ok") {
  RunResult r;
  r.run_id = id;
  r.compute_budget = 1e18;
  r.n_params = 1000000;
  r.tokens = 20000000;
  r.flops = 1.2e14;
  r.final_loss = status == "ok" ? 3.5 : NAN;
  r.status = status;
  return r;
}

TEST(ResultsFile, AppendsWithHeaderAndReadsBack) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  append_result(dir / "r.csv", row("b", "diverged"));
  const auto done = finished_runs(dir / "r.csv");
  EXPECT_EQ(done.size(), 2u);
  EXPECT_EQ(done.at("b"), "diverged");
  const auto obs = read_observations(dir / "r.csv");
  ASSERT_EQ(obs.size(), 1u);  // only ok rows
  EXPECT_DOUBLE_EQ(obs[0].final_loss, 3.5);
}

TEST(ResultsFile, PartialLastLineIsDroppedAndRepaired) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  {
    std::string text = read_file(dir / "r.csv") + "b,1e18,100";  // a crash mid-write
    dir.file("r.csv", text);
  }
  EXPECT_EQ(finished_runs(dir / "r.csv").count("b"), 0u);
  append_result(dir / "r.csv", row("b"));
  const std::string text = read_file(dir / "r.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);
  EXPECT_EQ(text.find("b,1e18,100\n"), std::string::npos);
  EXPECT_EQ(finished_runs(dir / "r.csv").size(), 2u);
}

TEST(ResultsFile, RetryDropsFailedRows) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  append_result(dir / "r.csv", row("b", "failed"));
  EXPECT_EQ(drop_failed_results(dir / "r.csv"), 1);
  EXPECT_EQ(finished_runs(dir / "r.csv").count("b"), 0u);
  EXPECT_EQ(finished_runs(dir / "r.csv").count("a"), 1u);
}

TEST(ResultsFile, UserCsvNeedsOnlyFourColumns) {
  testing::TempDir dir;
  dir.file("u.csv", "n_params,tokens,final_loss,compute_budget\n1e6,2e7,3.2,1.2e14\n");
  const auto obs = read_observations(dir / "u.csv");
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_DOUBLE_EQ(obs[0].compute_budget, 1.2e14);
}

TEST(ResultsFile, BadValuesNameFileLineAndColumn) {
  testing::TempDir dir;
  auto msg = [&](const std::string& text) {
    dir.file("u.csv", text);
    try {
      read_observations(dir / "u.csv");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const std::string f = (dir / "u.csv");
  EXPECT_EQ(msg("compute_budget,n_params,tokens,final_loss\n1e14,1e6,2e7,abc\n"),
            f + ":2: final_loss: 'abc' is not a number");
  EXPECT_EQ(msg("compute_budget,n_params,tokens,final_loss\n1e14,1e6,2e7,nan\n"),
            f + ":2: final_loss: 'nan' is not a finite number");
  EXPECT_EQ(msg("compute_budget,n_params,tokens\n1e14,1e6,2e7\n"),
            f + ": missing column 'final_loss' (header: compute_budget,n_params,tokens)");
  EXPECT_EQ(msg(""), f + ": empty file (expected a CSV header)");
  EXPECT_EQ(msg("compute_budget,n_params,tokens,final_loss\n"), f + ": no finished runs with status ok (0 rows)");
  EXPECT_EQ(msg("compute_budget,n_params,tokens,final_loss\n1,2\n"), f + ":2: expected 4 fields, got 2");
}

}  // namespace
}  // namespace ff
