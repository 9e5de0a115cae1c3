// The sweep runner with several processes on one sweep: every run trained once and written once,
// each process taking the largest run left, a killed process's run taken over, a stop while
// waiting for others' runs ending the sweep as interrupted.
#include "ff/train/sweep_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "ff/common/fs.h"
#include "ff/io/results_file.h"
#include "ff/train/run_claim.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

// 24 runs whose planned FLOPs are a shuffled 1..24.
Plan shuffled_plan() {
  Plan plan;
  for (int k = 0; k < 24; ++k) {
    PlannedRun run;
    run.run_id = "r" + std::to_string(k);
    run.flops = static_cast<double>((k * 7) % 24 + 1);
    run.steps = 10;
    plan.runs.push_back(run);
  }
  return plan;
}

// A fast trainer that logs "pid run_id" to `log` (one write, O_APPEND) and sleeps `ms_per_flop`
// per planned FLOP, so that processes overlap.
RunTrainer logging_trainer(const fs::path& log, double ms_per_flop) {
  return [log, ms_per_flop](const PlannedRun& run, const RunFiles&) {
    const std::string line = std::to_string(::getpid()) + " " + run.run_id + "\n";
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd >= 0) {
      [[maybe_unused]] const ssize_t n = ::write(fd, line.data(), line.size());
      ::close(fd);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<int64_t>(run.flops * ms_per_flop * 1000)));
    RunOutcome out;
    out.final_loss = 2.0 + run.flops / 100;
    out.tokens_seen = 1000;
    out.curve.push_back({10, 1000, run.flops, 1e-3, out.final_loss, out.final_loss, 1e4});
    return out;
  };
}

// pid -> the run ids it trained, in order.
std::map<std::string, std::vector<std::string>> trained_by_pid(const fs::path& log) {
  std::map<std::string, std::vector<std::string>> by_pid;
  std::istringstream in(read_file(log));
  std::string pid, id;
  while (in >> pid >> id) by_pid[pid].push_back(id);
  return by_pid;
}

double flops_of(const Plan& plan, const std::string& id) {
  for (const auto& run : plan.runs) {
    if (run.run_id == id) return run.flops;
  }
  return -1;
}

// Every run of `plan` exactly once in results.csv.
void expect_each_run_once(const Plan& plan, const SweepDir& dir) {
  std::multiset<std::string> rows;
  for (const auto& r : read_results(dir.results())) rows.insert(r.run_id);
  for (const auto& run : plan.runs) EXPECT_EQ(rows.count(run.run_id), 1u) << run.run_id;
  EXPECT_EQ(rows.size(), plan.runs.size());
}

TEST(SweepRunner, OneProcessTrainsLargestFirst) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = shuffled_plan();
  const SweepSummary s = run_sweep(plan, dir, SweepOptions{}, logging_trainer(tmp.path() / "log", 0));
  EXPECT_EQ(s.ok, 24);
  const auto by_pid = trained_by_pid(tmp.path() / "log");
  ASSERT_EQ(by_pid.size(), 1u);
  std::vector<double> flops;
  for (const auto& id : by_pid.begin()->second) flops.push_back(flops_of(plan, id));
  std::vector<double> expected;
  for (int f = 24; f >= 1; --f) expected.push_back(f);
  EXPECT_EQ(flops, expected);
  expect_each_run_once(plan, dir);
}

// A full disk is not the run's fault: the sweep stops at once with the error, records nothing of
// that run (no failed row, no error.txt) and trains nothing more; the next start resumes.
TEST(SweepRunner, FullDiskStopsTheSweepWithoutFailingTheRun) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = shuffled_plan();
  const RunTrainer good = logging_trainer(tmp.path() / "log", 0);
  int runs = 0;
  const RunTrainer full = [&](const PlannedRun& run, const RunFiles& files) {
    if (++runs == 3) throw DiskFullError(files.checkpoint.string() + ": cannot write: the disk is full");
    return good(run, files);
  };
  EXPECT_THROW(run_sweep(plan, dir, SweepOptions{}, full), DiskFullError);
  EXPECT_EQ(runs, 3);
  const auto rows = read_results(dir.results());
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& r : rows) EXPECT_EQ(r.status, RunStatus::kOk);
  for (const auto& run : plan.runs) EXPECT_FALSE(fs::exists(dir.run(run.run_id).error)) << run.run_id;
  const SweepSummary s = run_sweep(plan, dir, SweepOptions{}, good);
  EXPECT_EQ(s.skipped, 2);
  EXPECT_EQ(s.ok, 22);
  expect_each_run_once(plan, dir);
}

// A checkpoint's temporary file left by a process killed while writing it (kill -9) is removed by
// the next process that claims the run: repeated kills must not fill the disk.
TEST(SweepRunner, AClaimedRunsStaleTemporariesAreRemoved) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = shuffled_plan();
  const RunFiles files = dir.run(plan.runs[0].run_id);
  fs::create_directories(files.dir);
  const fs::path stale = files.checkpoint.string() + ".tmp.999999";
  std::ofstream(stale) << "half a checkpoint";
  run_sweep(plan, dir, SweepOptions{}, logging_trainer(tmp.path() / "log", 0));
  EXPECT_FALSE(fs::exists(stale));
  expect_each_run_once(plan, dir);
}

TEST(SweepRunner, ThreeProcessesTrainEachRunOnceEachLargestFirst) {
  // Three rounds: a race need not show in every one.
  for (int round = 0; round < 3; ++round) {
    testing::TempDir tmp;
    const SweepDir dir(tmp.path());
    const Plan plan = shuffled_plan();
    std::vector<pid_t> children;
    for (int p = 0; p < 3; ++p) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        const SweepSummary s = run_sweep(plan, dir, SweepOptions{}, logging_trainer(tmp.path() / "log", 1));
        ::_exit(s.failed == 0 && !s.interrupted && s.ok + s.by_others + s.skipped == s.total ? 0 : 1);
      }
      children.push_back(pid);
    }
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    expect_each_run_once(plan, dir);
    const auto by_pid = trained_by_pid(tmp.path() / "log");
    size_t trained = 0;
    for (const auto& [pid, runs] : by_pid) {
      trained += runs.size();
      for (size_t k = 1; k < runs.size(); ++k) EXPECT_GT(flops_of(plan, runs[k - 1]), flops_of(plan, runs[k])) << pid;
    }
    EXPECT_EQ(trained, plan.runs.size()) << "round " << round;  // no run trained twice
  }
}

// Forks a process that claims `claim` and holds it until killed; returns its pid.
pid_t hold_claim(const fs::path& claim) {
  int ready[2];
  if (::pipe(ready) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const auto held = RunClaim::try_take(claim);
    const char byte = held ? 'y' : 'n';
    [[maybe_unused]] const ssize_t n = ::write(ready[1], &byte, 1);
    ::pause();
    ::_exit(0);
  }
  char byte = 0;
  [[maybe_unused]] const ssize_t n = ::read(ready[0], &byte, 1);
  ::close(ready[0]);
  ::close(ready[1]);
  return byte == 'y' ? pid : -1;
}

TEST(SweepRunner, WaitsForARunClaimedElsewhereAndTakesItOverWhenItsProcessIsKilled) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = shuffled_plan();
  ensure_dir(dir.run("r5").dir);
  const pid_t holder = hold_claim(dir.run("r5").claim);
  ASSERT_GT(holder, 0);
  std::thread killer([holder] {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    ::kill(holder, SIGKILL);
  });
  const SweepSummary s = run_sweep(plan, dir, SweepOptions{}, logging_trainer(tmp.path() / "log", 0));
  killer.join();
  ::waitpid(holder, nullptr, 0);
  EXPECT_EQ(s.ok, 24);
  EXPECT_FALSE(s.interrupted);
  expect_each_run_once(plan, dir);
  EXPECT_EQ(trained_by_pid(tmp.path() / "log").begin()->second.back(), "r5");  // after the others
}

TEST(SweepRunner, StopSignalWhileWaitingForOthersEndsTheSweepAsInterrupted) {
  testing::TempDir tmp;
  const SweepDir dir(tmp.path());
  const Plan plan = shuffled_plan();
  ensure_dir(dir.run("r5").dir);
  const pid_t holder = hold_claim(dir.run("r5").claim);
  ASSERT_GT(holder, 0);
  std::thread stopper([&dir] {
    // Once the other 23 rows are written the sweep waits for r5 (a signal before that would find
    // no handler: the loop installs its own only while training).
    while (finished_runs(dir.results()).size() < 23) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(::getpid(), SIGTERM);
  });
  const SweepSummary s = run_sweep(plan, dir, SweepOptions{}, logging_trainer(tmp.path() / "log", 0));
  stopper.join();
  ::kill(holder, SIGKILL);
  ::waitpid(holder, nullptr, 0);
  EXPECT_TRUE(s.interrupted);
  EXPECT_EQ(s.ok, 23);
  EXPECT_EQ(finished_runs(dir.results()).count("r5"), 0u);
}

}  // namespace
}  // namespace ff
