// kill -9 at random moments: ff-train (the real binary) killed again and again and restarted
// until its sweep is done must leave every run exactly once in results.csv, with the losses (and,
// for the mock, the curves) of an uninterrupted sweep, bit for bit; alone and as two processes at
// once.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "ff/common/fs.h"
#include "ff/io/csv.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Starts bin/`tool` with `args` in `cwd`, its output appended to cwd/log.txt.
pid_t spawn(const fs::path& cwd, const std::string& tool, const std::vector<std::string>& args) {
  const std::string exe = std::string(FF_BIN_DIR) + "/" + tool;
  std::vector<std::string> text = {exe};
  text.insert(text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int log = ::open((cwd / "log.txt").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// The exit code, or 128 + the signal that killed it.
int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int run(const fs::path& cwd, const std::string& tool, const std::vector<std::string>& args) {
  return wait_for(spawn(cwd, tool, args));
}

// run_id -> final_loss as written, for every row; a second row of a run fails the test.
std::map<std::string, std::string> losses(const fs::path& results) {
  const CsvTable t = read_csv(results);
  std::map<std::string, std::string> by_id;
  for (const auto& row : t.rows) {
    EXPECT_TRUE(by_id.emplace(row[t.column("run_id")], row[t.column("final_loss")]).second) << "two rows for " << row[0];
  }
  return by_id;
}

// Processes that share one sweep, each an ff-train with its own arguments.
struct Sweep {
  fs::path cwd;
  std::vector<std::vector<std::string>> processes;
};

// True while `pid` has not exited (it is not reaped here).
bool running(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0;
}

// When to kill: `start` blocks until the window opens (false: every process has already exited);
// then each process is killed at its own uniformly random moment within `window_ms`.
struct KillWindow {
  std::function<bool(const std::vector<pid_t>&)> start;
  int window_ms = 0;
};

// Starts every process of `sweep`, kills each with SIGKILL at a random moment of `when`, and
// repeats until `kills` kills landed on a running ff-train; then runs them to the end. Whenever
// the sweep finishes on its own before that, `check` compares it and `reset` clears it for another
// round. Returns the kills that landed; gives up (a test failure) after 4 x `kills` + 10 starts, so
// that a window that misses the processes fails the test instead of hanging it.
int kill_until_done(const Sweep& sweep, int kills, const KillWindow& when, const std::function<void()>& check,
                    const std::function<void()>& reset) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> moment(0, when.window_ms);
  int landed = 0;
  for (int starts = 0; landed < kills; ++starts) {
    if (starts == 4 * kills + 10) {
      ADD_FAILURE() << "only " << landed << " of " << kills << " kills landed in " << starts << " starts";
      break;
    }
    std::vector<pid_t> pids;
    for (const auto& args : sweep.processes) pids.push_back(spawn(sweep.cwd, "ff-train", args));
    if (when.start(pids)) {
      const auto start = Clock::now();
      std::vector<int> at;
      for (size_t i = 0; i < pids.size(); ++i) at.push_back(moment(rng));
      std::vector<size_t> order(pids.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return at[x] < at[y]; });
      for (const size_t i : order) {
        std::this_thread::sleep_until(start + std::chrono::milliseconds(at[i]));
        ::kill(pids[i], SIGKILL);
      }
    }
    bool all_done = true;
    for (const pid_t pid : pids) {
      const int code = wait_for(pid);
      if (code == 128 + SIGKILL) {
        ++landed;
        all_done = false;
      } else {
        EXPECT_EQ(code, 0) << read_file(sweep.cwd / "log.txt");
      }
    }
    if (all_done) {  // the sweep finished before the kills: check it, start it again
      check();
      reset();
    }
  }
  for (const auto& args : sweep.processes) EXPECT_EQ(run(sweep.cwd, "ff-train", args), 0) << read_file(sweep.cwd / "log.txt");
  check();
  return landed;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A sweep "s" and its copy "ref" trained without interruption, the reference.
class KilledSweep : public ::testing::Test {
 protected:
  // Plans with `plan_args`, trains the reference with `train_args`; returns its wall time, s.
  // With `prepare_data`, the token cache is built first, so that the time is training alone.
  double prepare(const std::vector<std::string>& plan_args, const std::vector<std::string>& train_args,
                 bool prepare_data = false) {
    train_args_ = train_args;
    std::vector<std::string> plan = {"--dir", "s", "-q"};
    plan.insert(plan.end(), plan_args.begin(), plan_args.end());
    EXPECT_EQ(run(tmp_.path(), "ff-plan", plan), 0) << read_file(tmp_.path() / "log.txt");
    fs::copy(tmp_.path() / "s", tmp_.path() / "ref", fs::copy_options::recursive);
    if (prepare_data) {
      EXPECT_EQ(run(tmp_.path(), "ff-train", args({"--prepare-data"}, "ref")), 0) << read_file(tmp_.path() / "log.txt");
    }
    const auto start = Clock::now();
    EXPECT_EQ(run(tmp_.path(), "ff-train", args({}, "ref")), 0) << read_file(tmp_.path() / "log.txt");
    return seconds_since(start);
  }
  // ff-train's arguments for sweep `dir`: `extra`, then the training arguments.
  std::vector<std::string> args(const std::vector<std::string>& extra, const std::string& dir = "s") const {
    std::vector<std::string> a = {"--dir", dir, "-q"};
    a.insert(a.end(), extra.begin(), extra.end());
    a.insert(a.end(), train_args_.begin(), train_args_.end());
    return a;
  }
  // Every run once, with the reference's loss; with `curves`, the same curve.csv bytes too.
  void check(bool curves) const {
    const auto whole = losses(tmp_.path() / "ref/results.csv");
    EXPECT_EQ(losses(tmp_.path() / "s/results.csv"), whole);
    if (!curves) return;
    for (const auto& [id, loss] : whole) {
      EXPECT_EQ(read_file(tmp_.path() / "s/runs" / id / "curve.csv"), read_file(tmp_.path() / "ref/runs" / id / "curve.csv")) << id;
    }
  }
  void reset() const {
    fs::remove(tmp_.path() / "s/results.csv");
    fs::remove_all(tmp_.path() / "s/runs");
  }
  fs::path cwd() const { return tmp_.path(); }

 private:
  testing::TempDir tmp_;
  std::vector<std::string> train_args_;
};

// Mock runs take milliseconds, ff-train's start far longer: the window opens when a process has
// appended a row, and lasts 40 ms (a few runs).
KillWindow after_first_row(const fs::path& results) {
  return {[results](const std::vector<pid_t>& pids) {
            std::error_code ec;
            const auto size = fs::file_size(results, ec);
            const uintmax_t before = ec ? 0 : size;
            for (;;) {
              const auto now = fs::file_size(results, ec);
              if (!ec && now > before) return true;
              if (std::none_of(pids.begin(), pids.end(), running)) return false;
              std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
          },
          40};
}

// The mock preset with 3 budgets: 21 runs, each curve 200 points (more to write when killed).
const std::vector<std::string> kMockPlan = {"--preset", std::string(FF_SOURCE_DIR) + "/presets/gpt-tinystories-mock.yaml",
                                            "compute.num_budgets=3"};

TEST_F(KilledSweep, MockKilledTwentyTimesEqualsUninterrupted) {
  prepare(kMockPlan, {"mock.curve_points=200"});
  const int landed = kill_until_done({cwd(), {args({})}}, 20, after_first_row(cwd() / "s/results.csv"),
                                     [&] { check(true); }, [&] { reset(); });
  EXPECT_GE(landed, 20);
}

TEST_F(KilledSweep, MockTwoProcessesKilledTwentyTimesEqualUninterrupted) {
  prepare(kMockPlan, {"mock.curve_points=200"});
  const int landed = kill_until_done({cwd(), {args({}), args({})}}, 20, after_first_row(cwd() / "s/results.csv"),
                                     [&] { check(true); }, [&] { reset(); });
  EXPECT_GE(landed, 20);
}

// The smallest real sweep: two byte-level GPTs (4.9K and 11K parameters, 332 and 143 steps) on one
// thread, checkpointed every 5 steps, on a small slice of the built-in corpus.
const std::vector<std::string> kRealPlan = {"--preset", std::string(FF_SOURCE_DIR) + "/presets/gpt-tinystories-cpu.yaml",
                                            "compute.budgets=[1e10]", "sizes.num=3", "sizes.span=2"};
const std::vector<std::string> kRealTrain = {"train.jobs=1", "train.threads=1", "train.checkpoint_interval=5",
                                             "data.builtin_train_tokens=200000", "data.builtin_valid_tokens=20000",
                                             "train.eval_tokens=2048", "data.cache_dir=cache"};

TEST_F(KilledSweep, RealTrainingKilledFiveTimesAloneAndAsTwoProcessesEqualsUninterrupted) {
  const double whole_s = prepare(kRealPlan, kRealTrain, /*prepare_data=*/true);
  // The window: from the end of ff-train's start (measured on the finished reference, with the
  // same arguments: it reads the token cache and finds nothing to do) to the reference's end.
  const auto start = Clock::now();
  EXPECT_EQ(run(cwd(), "ff-train", args({}, "ref")), 0);
  const int startup_ms = static_cast<int>(seconds_since(start) * 1000);
  const KillWindow window{[startup_ms](const std::vector<pid_t>&) {
                            std::this_thread::sleep_for(std::chrono::milliseconds(startup_ms));
                            return true;
                          },
                          std::max(100, static_cast<int>(whole_s * 1000) - startup_ms)};
  // Losses bit for bit (the checkpoint resumes exactly); curve.csv's throughput column differs.
  const int alone = kill_until_done({cwd(), {args({})}}, 5, window, [&] { check(false); }, [&] { reset(); });
  EXPECT_GE(alone, 5);
  reset();
  const int pair = kill_until_done({cwd(), {args({}), args({})}}, 5, window, [&] { check(false); }, [&] { reset(); });
  EXPECT_GE(pair, 5);
  RecordProperty("reference_s", std::to_string(whole_s));
  RecordProperty("startup_ms", startup_ms);
}

}  // namespace
}  // namespace ff
