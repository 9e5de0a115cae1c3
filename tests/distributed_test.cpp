// Data parallelism (train/distributed.h): ranks from torchrun's and srun's environments, and real
// ff-train processes on 2 ranks over Gloo: they equal one process with the whole batch, resume
// from a SIGTERM checkpoint as if uninterrupted, and stop, writing nothing, when a rank dies.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "ff/io/plan_file.h"
#include "ff/io/results_file.h"
#include "ff/train/distributed.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
const std::string kBin = FF_BIN_DIR;

DistributedEnv env_of(const std::map<std::string, std::string>& vars) {
  return distributed_env([&](const char* name) {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

TEST(DistributedEnv, OneProcessWithoutALauncher) {
  const DistributedEnv e = env_of({});
  EXPECT_EQ(e.size, 1);
  EXPECT_EQ(e.rank, 0);
  EXPECT_EQ(e.launcher, "none");
}

TEST(DistributedEnv, TorchrunVariables) {
  const DistributedEnv e = env_of({{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"LOCAL_RANK", "1"}, {"LOCAL_WORLD_SIZE", "2"},
                                   {"MASTER_ADDR", "node7"}, {"MASTER_PORT", "29400"}});
  EXPECT_EQ(e.launcher, "torchrun");
  EXPECT_EQ(e.size, 4);
  EXPECT_EQ(e.rank, 3);
  EXPECT_EQ(e.local_rank, 1);
  EXPECT_EQ(e.local_size, 2);
  EXPECT_EQ(e.master_addr, "node7");
  EXPECT_EQ(e.master_port, 29400);
}

TEST(DistributedEnv, SrunStepVariablesWithTheFirstHostAsMaster) {
  const DistributedEnv e = env_of({{"SLURM_STEP_NUM_TASKS", "4"}, {"SLURM_PROCID", "2"}, {"SLURM_LOCALID", "0"},
                                   {"SLURM_STEP_TASKS_PER_NODE", "2(x2)"}, {"SLURM_STEP_NODELIST", "gpu[03-04]"},
                                   {"SLURM_JOB_ID", "1234"}, {"SLURM_STEP_ID", "0"}});
  EXPECT_EQ(e.launcher, "srun");
  EXPECT_EQ(e.size, 4);
  EXPECT_EQ(e.rank, 2);
  EXPECT_EQ(e.local_size, 2);
  EXPECT_EQ(e.master_addr, "gpu03");
  EXPECT_EQ(e.master_port, 20000 + (1234 * 31) % 30000);
}

TEST(DistributedEnv, ABatchScriptWithSeveralTasksIsOneProcess) {
  EXPECT_EQ(env_of({{"SLURM_NTASKS", "2"}, {"SLURM_PROCID", "0"}, {"SLURM_JOB_ID", "5"}}).size, 1);
}

TEST(DistributedEnv, MalformedValuesAreNamed) {
  try {
    env_of({{"WORLD_SIZE", "two"}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("WORLD_SIZE='two'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(env_of({{"WORLD_SIZE", "2"}, {"RANK", "2"}}), Error);
}

TEST(DistributedEnv, FirstHostOfASlurmHostList) {
  EXPECT_EQ(first_slurm_host("node1"), "node1");
  EXPECT_EQ(first_slurm_host("a[1-3],b2"), "a1");
  EXPECT_EQ(first_slurm_host("gpu[07,09-12]"), "gpu07");
  EXPECT_EQ(first_slurm_host("n[1-2]-ib"), "n1-ib");
  EXPECT_THROW(first_slurm_host("n[1-2"), Error);
}

// A free TCP port on this machine (the kernel's choice).
int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(s);
  return ntohs(a.sin_port);
}

// Starts `command` under /bin/sh; returns its pid.
pid_t start(const std::string& command) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", ("exec " + command).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// The exit code of `pid` (128 + signal when killed); -1 if it is still running after `seconds`.
int wait_for(pid_t pid, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Waits until `file` contains `text` (or `seconds` pass); true when it does.
bool wait_for_text(const fs::path& file, const std::string& text, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (fs::exists(file) && read_file(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// Tiny real sweeps: a plan of byte-level GPTs, data cached once, one LibTorch thread per process.
class TwoRanks : public ::testing::Test {
 protected:
  // Plans the sizes of `budget` and caches the data.
  void plan(const std::string& budget) {
    ASSERT_EQ(sh(kBin + "/ff-plan --dir " + dir_ / "plan" + " --preset gpt-tinystories-cpu 'compute.budgets=[" +
                 budget + "]' sizes.num=3 sizes.span=2", "plan.log"), 0) << read_file(dir_ / "plan.log");
    ASSERT_EQ(sh(kBin + "/ff-train --dir " + dir_ / "plan" + " --prepare-data" + settings_, "prepare.log"), 0)
        << read_file(dir_ / "prepare.log");
  }
  // A copy of the planned sweep folder (plan.json, config.yaml).
  std::string sweep(const std::string& name) {
    fs::copy(dir_.path() / "plan", dir_.path() / name, fs::copy_options::recursive);
    return dir_ / name;
  }
  int sh(const std::string& command, const std::string& log) {
    return std::system((command + " > " + dir_ / log + " 2>&1").c_str());
  }
  // Rank `rank` of 2 training `sweep`, as torchrun starts it, its output in `log`.
  pid_t start_rank(int rank, int port, const std::string& sweep, const std::string& log, const std::string& env = "") {
    return start("env WORLD_SIZE=2 RANK=" + std::to_string(rank) + " LOCAL_RANK=" + std::to_string(rank) +
                 " MASTER_ADDR=127.0.0.1 MASTER_PORT=" + std::to_string(port) + " " + env + " " + kBin +
                 "/ff-train --dir " + sweep + settings_ + " > " + dir_ / log + " 2>&1");
  }
  // Trains `sweep` on 2 ranks to the end; both must exit 0.
  void train_two(const std::string& sweep, const std::string& log) {
    const int port = free_port();
    const pid_t r0 = start_rank(0, port, sweep, log + ".0"), r1 = start_rank(1, port, sweep, log + ".1");
    EXPECT_EQ(wait_for(r0, 300), 0) << read_file(dir_ / (log + ".0"));
    EXPECT_EQ(wait_for(r1, 300), 0) << read_file(dir_ / (log + ".1"));
  }

  testing::TempDir dir_;
  std::string settings_ = " train.jobs=1 train.threads=1 train.log_interval=5 data.builtin_train_tokens=300000 "
                          "data.builtin_valid_tokens=20000 train.eval_tokens=2048 data.cache_dir=" +
                          dir_ / "cache";
};

// Each run's final loss, by run id.
std::map<std::string, double> losses(const std::string& sweep) {
  std::map<std::string, double> out;
  for (const auto& r : read_results(fs::path(sweep) / "results.csv")) out[r.run_id] = r.final_loss;
  return out;
}

TEST_F(TwoRanks, HalfTheBatchEachEqualsOneProcessWithTheWholeBatch) {
  plan("1.5e9");  // one run of 50 steps
  const Plan p = read_plan(dir_.path() / "plan/plan.json");
  ASSERT_EQ(p.runs.size(), 1u);
  EXPECT_EQ(p.runs[0].steps, 50);
  const std::string one = sweep("one"), two = sweep("two");
  ASSERT_EQ(sh(kBin + "/ff-train --dir " + one + settings_, "one.log"), 0) << read_file(dir_ / "one.log");
  train_two(two, "two.log");
  EXPECT_NE(read_file(dir_ / "two.log.1").find("rank 1 of 2"), std::string::npos);
  const auto a = losses(one), b = losses(two);
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), a.size());
  for (const auto& [id, loss] : a) {
    EXPECT_NEAR(b.at(id), loss, 1e-5 * loss) << id;
    EXPECT_TRUE(fs::exists(fs::path(two) / "runs" / id / "curve.csv"));
  }
}

TEST_F(TwoRanks, SigtermAndResumeEqualAnUninterruptedRun) {
  plan("1.5e10");  // two runs of a few seconds (498 and 215 steps), so that the signal lands inside one
  const std::string straight = sweep("straight"), stopped = sweep("stopped");
  train_two(straight, "straight.log");
  const int port = free_port();
  const pid_t r0 = start_rank(0, port, stopped, "stop.0"), r1 = start_rank(1, port, stopped, "stop.1");
  ASSERT_TRUE(wait_for_text(dir_.path() / "stop.0", " step ", 120)) << read_file(dir_ / "stop.0");
  ::kill(r0, SIGTERM);
  ::kill(r1, SIGTERM);
  EXPECT_EQ(wait_for(r0, 120), 3) << read_file(dir_ / "stop.0");
  EXPECT_EQ(wait_for(r1, 120), 3) << read_file(dir_ / "stop.1");
  train_two(stopped, "resume.log");
  EXPECT_NE(read_file(dir_ / "resume.log.0").find("resuming at step"), std::string::npos);
  const auto a = losses(straight), b = losses(stopped);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), a.size());
  for (const auto& [id, loss] : a) EXPECT_NEAR(b.at(id), loss, 1e-4) << id;
}

TEST_F(TwoRanks, ARankThatDiesStopsTheOtherAndNothingIsWritten) {
  plan("1.5e10");
  const std::string s = sweep("s");
  const int port = free_port();
  const pid_t r0 = start_rank(0, port, s, "kill.0", "FF_DIST_TIMEOUT=30"),
              r1 = start_rank(1, port, s, "kill.1", "FF_DIST_TIMEOUT=30");
  ASSERT_TRUE(wait_for_text(dir_.path() / "kill.0", " step ", 120)) << read_file(dir_ / "kill.0");
  ::kill(r1, SIGKILL);
  EXPECT_EQ(wait_for(r1, 10), 128 + SIGKILL);
  EXPECT_EQ(wait_for(r0, 45), 1) << read_file(dir_ / "kill.0");
  const std::string log = read_file(dir_ / "kill.0");
  EXPECT_NE(log.find("ff-train: error: rank 0 of 2: summing gradients across ranks failed"), std::string::npos) << log;
  EXPECT_TRUE(!fs::exists(fs::path(s) / "results.csv") || read_results(fs::path(s) / "results.csv").empty());
}

}  // namespace
}  // namespace ff
