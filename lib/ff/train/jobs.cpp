// Side-by-side ff-train jobs (see jobs.h).
#include "ff/train/jobs.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/common/parallel.h"
#include "ff/common/strings.h"

namespace ff {
namespace {

constexpr int kMaxJobs = 64;
constexpr int kForwarded[] = {SIGTERM, SIGINT, SIGUSR1};
volatile pid_t g_children[kMaxJobs];
volatile int g_child_count = 0;

// Passes a stop signal on to every job: each checkpoints its run and exits 3.
void forward_signal(int signal_number) {
  for (int i = 0; i < g_child_count; ++i) ::kill(g_children[i], signal_number);
}

pid_t start_job(const std::vector<std::string>& argv, int job, int jobs) {
  std::vector<std::string> args = argv;
  args.push_back("--job");
  args.push_back(std::to_string(job) + "/" + std::to_string(jobs));
  std::vector<char*> c_args;
  for (auto& a : args) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  const pid_t pid = ::fork();
  check(pid >= 0, "train.jobs: cannot start job {} of {}: {}", job, jobs, std::strerror(errno));
  if (pid == 0) {
    ::execv("/proc/self/exe", c_args.data());
    ::_exit(127);  // exec failed
  }
  return pid;
}

// Waits for one job; returns its exit code (1 when it was killed or could not start).
int wait_job(pid_t pid, int job) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 1;
  }
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) == 127) spdlog::error("train.jobs: job {} could not start /proc/self/exe", job);
    return WEXITSTATUS(status);
  }
  spdlog::error("train.jobs: job {} was killed by signal {}", job, WTERMSIG(status));
  return 1;
}

}  // namespace

int threads_per_job(int threads, int jobs) {
  return std::max(1, thread_count(threads) / std::max(1, jobs));
}

void parse_job(const std::string& text, int* job, int* jobs) {
  check(parse_index_of(text, job, jobs), "--job {}: expected k/J with 0 <= k < J", text);
}

int run_parallel_jobs(const std::vector<std::string>& argv, int jobs) {
  check(jobs >= 1 && jobs <= kMaxJobs, "train.jobs ({}) must lie in [1, {}]", jobs, kMaxJobs);
  struct sigaction action {}, previous[3];
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  g_child_count = 0;
  for (int i = 0; i < 3; ++i) sigaction(kForwarded[i], &action, &previous[i]);
  int code = 0;
  bool interrupted = false;
  try {
    for (int k = 0; k < jobs; ++k) {
      g_children[k] = start_job(argv, k, jobs);
      g_child_count = k + 1;
    }
  } catch (const Error&) {
    forward_signal(SIGTERM);  // stop the jobs already started (they checkpoint), then report
    code = 1;
  }
  for (int k = 0; k < g_child_count; ++k) {
    const int job_code = wait_job(g_children[k], k);
    interrupted = interrupted || job_code == 3;
    if (job_code != 0 && job_code != 3) code = 1;
  }
  g_child_count = 0;
  for (int i = 0; i < 3; ++i) sigaction(kForwarded[i], &previous[i], nullptr);
  return interrupted ? 3 : code;
}

}  // namespace ff
