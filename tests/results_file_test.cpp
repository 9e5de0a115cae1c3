#include "ff/io/results_file.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "temp_dir.h"
#include "tiny_disk.h"

namespace ff {
namespace {

RunResult row(const std::string& id, RunStatus status = RunStatus::kOk) {
  RunResult r;
  r.run_id = id;
  r.compute_budget = 1e18;
  r.n_params = 1000000;
  r.tokens = 20000000;
  r.flops = 1.2e14;
  r.final_loss = status == RunStatus::kOk ? 3.5 : NAN;
  r.status = status;
  return r;
}

TEST(ResultsFile, AppendsWithHeaderAndReadsBack) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  append_result(dir / "r.csv", row("b", RunStatus::kDiverged));
  const auto done = finished_runs(dir / "r.csv");
  EXPECT_EQ(done.size(), 2u);
  EXPECT_EQ(done.at("b"), RunStatus::kDiverged);
  const auto obs = read_observations(dir / "r.csv");
  ASSERT_EQ(obs.size(), 1u);  // only ok rows
  EXPECT_DOUBLE_EQ(obs[0].final_loss, 3.5);
}

TEST(ResultsFile, AppendThenReadBackEveryField) {
  testing::TempDir dir;
  RunResult a = row("c1e18_d64_l2_0badf00d");
  a.n_params_non_embedding = 800000;
  a.flops = 1.2345678901234567e14;
  a.final_loss = 3.12345678;  // %.9g
  a.wall_seconds = 12.345;
  a.d_model = 64, a.n_layers = 2, a.steps = 1000;
  a.lr = 3.1622776e-3, a.batch_size = 48;
  const RunResult b = row("with,comma", RunStatus::kDiverged);
  append_result(dir / "r.csv", a);
  append_result(dir / "r.csv", b);
  const auto back = read_results(dir / "r.csv");
  ASSERT_EQ(back.size(), 2u);
  auto fields = [](const RunResult& r) {
    return std::tie(r.run_id, r.compute_budget, r.n_params, r.n_params_non_embedding, r.tokens, r.flops, r.final_loss,
                    r.status, r.wall_seconds, r.d_model, r.n_layers, r.steps, r.lr, r.batch_size);
  };
  EXPECT_EQ(fields(back[0]), fields(a));  // every value is written to read back exactly
  EXPECT_EQ(back[1].run_id, "with,comma");
  EXPECT_EQ(back[1].status, RunStatus::kDiverged);
  EXPECT_TRUE(std::isnan(back[1].final_loss));
  EXPECT_NE(read_file(dir / "r.csv").find(",nan,diverged,"), std::string::npos);
}

TEST(ResultsFile, FilesWithoutLrAndBatchColumnsKeepTheirShape) {
  testing::TempDir dir;
  const std::string old_header =
      "run_id,compute_budget,n_params,n_params_non_embedding,tokens,flops,final_loss,status,wall_seconds,d_model,n_layers,"
      "steps\n";
  dir.file("r.csv", old_header + "a,1e18,1000000,800000,20000000,1.2e14,3.5,ok,1.000,64,2,100\n");
  RunResult b = row("b");
  b.lr = 1e-3, b.batch_size = 16;
  append_result(dir / "r.csv", b);  // an old sweep resumed by a newer ff-train
  const std::string text = read_file(dir / "r.csv");
  EXPECT_EQ(text.substr(0, old_header.size()), old_header);
  const auto back = read_results(dir / "r.csv");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].run_id, "b");
  EXPECT_EQ(back[1].lr, 0.0);  // the file has no lr column
  const auto obs = read_observations(dir / "r.csv");
  EXPECT_EQ(obs[0].lr, 0.0);
  dir.file("u.csv", "compute_budget,n_params,tokens,final_loss,lr,batch_size\n1e14,1e6,2e7,3.2,3e-3,32\n");
  const auto user = read_observations(dir / "u.csv");
  EXPECT_DOUBLE_EQ(user[0].lr, 3e-3);
  EXPECT_DOUBLE_EQ(user[0].batch_size, 32);
  dir.file("u.csv", "compute_budget,n_params,tokens,final_loss,lr\n1e14,1e6,2e7,3.2,-1\n");
  EXPECT_EQ(testing::error_of([&] { read_observations(dir / "u.csv"); }), (dir / "u.csv") + ":2: lr: '-1' must not be negative");
}

TEST(ResultsFile, StatusWordsRoundTripAndUnknownOnesAreErrors) {
  for (RunStatus s : {RunStatus::kOk, RunStatus::kDiverged, RunStatus::kFailed, RunStatus::kInterrupted}) {
    EXPECT_EQ(parse_run_status(to_string(s), "x"), s);
  }
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  dir.file("r.csv", read_file(dir / "r.csv") + "b,1e18,1,1,1,1,nan,exploded,0.000,0,0,0,0,0\n");
  EXPECT_EQ(testing::error_of([&] { finished_runs(dir / "r.csv"); }),
            (dir / "r.csv") + ":3: status: unknown status 'exploded' (expected ok, diverged, failed or interrupted)");
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

TEST(ResultsFile, AnalysisReadsNoPartialRowOfFfTrainButAUsersLastLineWithoutNewline) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  append_result(dir / "r.csv", row("b"));
  const std::string whole = read_file(dir / "r.csv");
  dir.file("r.csv", whole.substr(0, whole.size() - 12));  // b's row cut short (a full disk, a crash)
  const auto obs = read_observations(dir / "r.csv");
  ASSERT_EQ(obs.size(), 1u);
  EXPECT_EQ(obs[0].run_id, "a");
  dir.file("user.csv", "compute_budget,n_params,tokens,final_loss\n1e18,1e6,2e7,3.5\n1e18,2e6,1e7,3.4");
  EXPECT_EQ(read_observations(dir / "user.csv").size(), 2u);  // a hand-written file may end without one
}

TEST(ResultsFile, ReadersSeeWholeRowsWhileAnotherProcessAppends) {
  testing::TempDir dir;
  constexpr int kRows = 300;
  append_result(dir / "r.csv", row("first"));
  const pid_t writer = ::fork();
  if (writer == 0) {
    for (int i = 0; i < kRows; ++i) append_result(dir / "r.csv", row("run" + std::to_string(i)));
    ::_exit(0);
  }
  size_t seen = 0;
  int reads = 0;
  for (bool writing = true; writing; ++reads) {
    writing = ::waitpid(writer, nullptr, WNOHANG) == 0;
    const auto obs = read_observations(dir / "r.csv");  // throws on a torn row
    const auto all = read_results(dir / "r.csv");
    EXPECT_GE(obs.size(), seen);
    EXPECT_GE(all.size(), obs.size());  // read later
    for (const auto& o : obs) ASSERT_EQ(o.final_loss, 3.5) << "read " << reads;
    seen = obs.size();
  }
  EXPECT_EQ(seen, kRows + 1u);
}

TEST(ResultsFile, FullDiskLeavesOnlyWholeRowsAndSaysSo) {
  testing::TempDir dir;
  FF_TINY_DISK_OR_SKIP(disk, dir.path() / "disk", 64 << 10);
  const std::string path = (disk.path() / "r.csv").string();
  append_result(path, row("first"));
  disk.fill();  // the rows go on into the file's last page, until one finds no page for its end
  int k = 1;
  std::string message;
  for (; k < 1000; ++k) {
    try {
      append_result(path, row("run" + std::to_string(k)));
    } catch (const DiskFullError& e) {
      message = e.what();
      break;
    }
  }
  const std::string said = path + ": cannot write: the disk is full (No space left on device)";
  EXPECT_EQ(message.substr(0, said.size()), said);
  EXPECT_EQ(read_file(path).back(), '\n');
  const auto rows = read_results(path);  // first, run1 ... run{k-1}: the failed row left nothing
  ASSERT_EQ(rows.size(), static_cast<size_t>(k));
  EXPECT_EQ(rows.back().run_id, k > 1 ? "run" + std::to_string(k - 1) : "first");
  EXPECT_EQ(read_observations(path).size(), rows.size());
  disk.empty();
  append_result(path, row("last"));
  EXPECT_EQ(read_results(path).back().run_id, "last");
}

TEST(ResultsFile, RetryDropsFailedRows) {
  testing::TempDir dir;
  append_result(dir / "r.csv", row("a"));
  append_result(dir / "r.csv", row("b", RunStatus::kFailed));
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
