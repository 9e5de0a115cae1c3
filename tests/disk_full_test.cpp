// ff-train on a full disk: each of its writers (the results row, curve.csv, checkpoint.pt, the
// token cache) fails with ONE line "ff-train: error: <file>: ...: the disk is full ...", stops the
// sweep without marking any run failed, damages nothing written before, and once there is space
// a plain ff-train resumes and gives every run once with the losses of an uninterrupted sweep.
// The full disk is a tiny tmpfs (tests/tiny_disk.h): skipped where it cannot be mounted (not root).
#include <signal.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ff/common/fs.h"
#include "ff/io/csv.h"
#include "ff/io/plan_file.h"
#include "ff/io/results_file.h"
#include "temp_dir.h"
#include "tiny_disk.h"
#include "tool_process.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;
using testing::Sandbox;

const std::string kPresets = std::string(FF_SOURCE_DIR) + "/presets/";

// run_id -> final_loss as written; a second row of a run fails the test.
std::map<std::string, std::string> losses(const fs::path& results) {
  const CsvTable t = read_csv(results);
  std::map<std::string, std::string> by_id;
  for (const auto& row : t.rows) {
    EXPECT_EQ(row[t.column("status")], "ok") << row[t.column("run_id")];
    EXPECT_TRUE(by_id.emplace(row[t.column("run_id")], row[t.column("final_loss")]).second) << "two rows for " << row[0];
  }
  return by_id;
}

// The file named by ff-train's stderr, which must be the one line "ff-train: error: <file>:
// cannot write: the disk is full (No space left on device) (hint: ...)", after a non-zero exit.
std::string disk_full_file(const Outcome& o) {
  EXPECT_NE(o.code, 0);
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  const std::string head = "ff-train: error: ", tail = ": cannot write: the disk is full (No space left on device)";
  const size_t end = o.err.find(tail);
  if (o.err.rfind(head, 0) != 0 || end == std::string::npos) {
    ADD_FAILURE() << "not a full disk's line: " << o.err;
    return "";
  }
  return o.err.substr(head.size(), end - head.size());
}

// A sweep "s" planned with `plan`, trained with `train`; with a reference, its copy "ref" trained
// without interruption.
class FullDisk : public ::testing::Test {
 protected:
  void prepare(const std::vector<std::string>& plan, const std::vector<std::string>& train, bool reference) {
    train_ = train;
    std::vector<std::string> args = {"--dir", "s", "-q"};
    args.insert(args.end(), plan.begin(), plan.end());
    ASSERT_EQ(box_.run("ff-plan", args).code, 0);
    if (!reference) return;
    fs::copy(box_ / "s", box_ / "ref", fs::copy_options::recursive);
    const Outcome ref = train_s({}, "ref");
    ASSERT_EQ(ref.code, 0) << ref.err;
  }
  // ff-train --dir `dir` -q with `extra` and the training arguments.
  Outcome train_s(const std::vector<std::string>& extra, const std::string& dir = "s") const {
    std::vector<std::string> args = {"--dir", dir, "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), train_.begin(), train_.end());
    return box_.run("ff-train", args);
  }
  // Every planned run once in `results`, status ok.
  void expect_each_run_once(const fs::path& results) const {
    std::set<std::string> planned;
    for (const auto& run : read_plan(box_ / "s/plan.json").runs) planned.insert(run.run_id);
    std::set<std::string> ids;
    for (const auto& [id, loss] : losses(results)) ids.insert(id);
    EXPECT_EQ(ids, planned);
  }

  Sandbox box_;
  std::vector<std::string> train_;
};

// The mock preset: 35 runs, a results.csv of 4.5 KB (more than a page), 3 points per curve.
const std::vector<std::string> kMockPlan = {"--preset", kPresets + "gpt-tinystories-mock.yaml"};
const std::vector<std::string> kMockTrain = {"mock.curve_points=3"};

TEST_F(FullDisk, ResultsRowStopsTheSweepKeepsEarlierRowsAndResumes) {
  FF_TINY_DISK_OR_SKIP(disk, box_ / "disk", 64 << 10);
  prepare(kMockPlan, kMockTrain, false);
  const std::string results = "disk/results.csv";  // alone on the tmpfs
  ASSERT_EQ(train_s({"--results", results, "--shard", "0/4"}).code, 0);
  const std::string before = read_file(box_ / results);
  disk.fill();  // rows still go into results.csv's last page; the one that needs a new page fails
  EXPECT_EQ(disk_full_file(train_s({"--results", results})), results);
  const std::string kept = read_file(box_ / results);
  EXPECT_EQ(kept.substr(0, before.size()), before);  // earlier rows intact
  EXPECT_EQ(kept.back(), '\n');                      // no partial row left
  const size_t rows = losses(box_ / results).size();
  EXPECT_GT(rows, 9u);  // shard 0/4's 9 and more
  EXPECT_LT(rows, 35u);
  EXPECT_EQ(read_observations(box_ / results).size(), rows);  // what ff-analyze reads
  disk.empty();
  const Outcome resumed = train_s({"--results", results});
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_EQ(read_file(box_ / results).substr(0, kept.size()), kept);
  expect_each_run_once(box_ / results);
}

TEST_F(FullDisk, CurveStopsTheSweepKeepsEarlierCurvesAndResumes) {
  FF_TINY_DISK_OR_SKIP(disk, box_ / "disk", 1 << 20);  // 35 runs: a page for the claim, one for the curve
  prepare(kMockPlan, kMockTrain, false);
  fs::create_directories(box_ / "disk/runs");
  fs::create_directory_symlink(box_ / "disk/runs", box_ / "s/runs");  // only the runs' files on the tmpfs
  ASSERT_EQ(train_s({"--shard", "0/4"}).code, 0);
  const auto before = losses(box_ / "s/results.csv");
  std::map<std::string, std::string> curves;
  for (const auto& [id, loss] : before) curves[id] = read_file(box_ / "s/runs" / id / "curve.csv");
  disk.fill();
  const fs::path file = disk_full_file(train_s({}));  // s/runs/<run_id>/curve.csv
  EXPECT_EQ(file.filename(), "curve.csv");
  EXPECT_EQ(file.parent_path().parent_path(), "s/runs");
  EXPECT_EQ(losses(box_ / "s/results.csv"), before);  // the run whose curve failed has no row
  EXPECT_FALSE(fs::exists(box_.cwd() / file.parent_path() / "error.txt"));
  disk.empty();
  const Outcome resumed = train_s({});
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  expect_each_run_once(box_ / "s/results.csv");
  for (const auto& [id, curve] : curves) EXPECT_EQ(read_file(box_ / "s/runs" / id / "curve.csv"), curve) << id;
}

// The smaller run of crash_test's real sweep (11K parameters, 143 steps; --shard 1/2 leaves out
// the other), checkpointed every 5 steps, on one thread.
const std::vector<std::string> kRealPlan = {"--preset", kPresets + "gpt-tinystories-cpu.yaml", "compute.budgets=[1e10]",
                                            "sizes.num=3", "sizes.span=2"};
const std::vector<std::string> kRealTrain = {"--shard", "1/2", "train.jobs=1", "train.threads=1",
                                             "train.checkpoint_interval=5", "data.builtin_train_tokens=200000",
                                             "data.builtin_valid_tokens=20000", "train.eval_tokens=2048",
                                             "data.cache_dir=cache"};

// The first checkpoint.pt under `runs`, or "" when there is none.
fs::path find_checkpoint(const fs::path& runs) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(runs, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename() == "checkpoint.pt") return it->path();
  }
  return {};
}

TEST_F(FullDisk, CheckpointStopsTheRunWithoutFailingItAndTheLastCheckpointResumes) {
  FF_TINY_DISK_OR_SKIP(disk, box_ / "disk", 4 << 20);
  prepare(kRealPlan, kRealTrain, true);
  fs::create_directories(box_ / "disk/runs");
  fs::create_directory_symlink(box_ / "disk/runs", box_ / "s/runs");
  // A checkpoint to keep: the first run stopped by SIGTERM once it has checkpointed.
  const testing::Process first = box_.spawn("ff-train", [&] {
    std::vector<std::string> a = {"--dir", "s", "-q"};
    a.insert(a.end(), kRealTrain.begin(), kRealTrain.end());
    return a;
  }());
  fs::path checkpoint;
  while ((checkpoint = find_checkpoint(box_ / "disk/runs")).empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ::kill(first.pid, SIGTERM);
  ASSERT_EQ(testing::finish(first).code, 3);  // checkpointed and stopped
  checkpoint = find_checkpoint(box_ / "disk/runs");
  ASSERT_FALSE(checkpoint.empty());
  const std::string kept = read_file(checkpoint);
  disk.fill();
  // It resumes, trains to the next checkpoint and finds no room for it.
  EXPECT_EQ(disk_full_file(train_s({})), "s/runs/" + checkpoint.parent_path().filename().string() + "/checkpoint.pt");
  EXPECT_EQ(read_file(checkpoint), kept);
  EXPECT_FALSE(fs::exists(checkpoint.parent_path() / "error.txt"));
  EXPECT_FALSE(fs::exists(box_ / "s/results.csv"));  // no run recorded, failed or otherwise
  disk.empty();
  std::vector<std::string> args = {"--dir", "s"};  // not quiet: it says where it resumes
  args.insert(args.end(), kRealTrain.begin(), kRealTrain.end());
  const Outcome resumed = box_.run("ff-train", args);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming at step"), std::string::npos) << resumed.err;
  // The losses of the uninterrupted sweep, bit for bit: the kept checkpoint resumed exactly.
  EXPECT_EQ(losses(box_ / "s/results.csv"), losses(box_ / "ref/results.csv"));
}

TEST_F(FullDisk, TokenCacheFailsWithOneLineAndNothingHalfIsUsedLater) {
  FF_TINY_DISK_OR_SKIP(disk, box_ / "disk", 512 << 10);  // the caches: 200 KB and 20 KB
  ASSERT_EQ(box_.run("ff-plan", {"--dir", "s", "-q", "--preset", kPresets + "gpt-tinystories-cpu.yaml"}).code, 0);
  const std::vector<std::string> prepare = {"--dir", "s", "--prepare-data", "data.builtin_train_tokens=100000",
                                            "data.builtin_valid_tokens=10000", "data.cache_dir=disk/cache"};
  disk.fill();
  std::vector<std::string> quiet = prepare;
  quiet.push_back("-q");
  EXPECT_EQ(fs::path(disk_full_file(box_.run("ff-train", quiet))).parent_path(), "disk/cache");
  disk.empty();
  const Outcome built = box_.run("ff-train", prepare);
  ASSERT_EQ(built.code, 0) << built.err;
  EXPECT_NE(built.err.find("data: building disk/cache/"), std::string::npos) << built.err;  // nothing reused
  const Outcome reused = box_.run("ff-train", prepare);
  ASSERT_EQ(reused.code, 0) << reused.err;
  EXPECT_EQ(reused.err.find("data: building"), std::string::npos) << reused.err;
}

}  // namespace
}  // namespace ff
