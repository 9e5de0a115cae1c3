// Run claims and the order runs are claimed in (see run_claim.h).
#include "ff/train/run_claim.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/results_file.h"

namespace ff {

namespace {

// True when `fd` is still the file at `path` (not unlinked or replaced since it was opened).
bool is_file_at(int fd, const std::filesystem::path& path) {
  struct stat held {}, current {};
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &current) == 0 && held.st_ino == current.st_ino &&
         held.st_dev == current.st_dev;
}

// Records who holds the claim, for people reading the file; failing to (a full disk) is harmless.
void write_holder(int fd) {
  char host[256] = "?";
  ::gethostname(host, sizeof host - 1);
  const std::string text = fmt::format("{} {}\n", host, ::getpid());
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(fd, text.data(), text.size(), 0);
  }
}

}  // namespace

std::optional<RunClaim> RunClaim::try_take(const std::filesystem::path& path) {
  for (;;) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    check(fd >= 0, "{}: cannot create the run's claim file: {}", path.string(), std::strerror(errno));
    int locked = ::flock(fd, LOCK_EX | LOCK_NB);
    while (locked != 0 && errno == EINTR) locked = ::flock(fd, LOCK_EX | LOCK_NB);
    if (locked != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) return std::nullopt;
      fail("{}: cannot lock the run's claim file: {} (hint: the file system must support flock, as "
           "for results.csv)", path.string(), std::strerror(err));
    }
    // The file may have been removed (its run folder deleted) between open and flock: a lock on
    // a file no longer at `path` claims nothing, so take the one that is there now.
    if (is_file_at(fd, path)) {
      write_holder(fd);
      return RunClaim(fd);
    }
    ::close(fd);
  }
}

RunClaim::RunClaim(RunClaim&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RunClaim& RunClaim::operator=(RunClaim&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

RunClaim::~RunClaim() {
  if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the lock
}

std::vector<const PlannedRun*> claim_order(const Plan& plan, int shard_index, int shard_count) {
  std::vector<const PlannedRun*> runs;
  for (size_t i = 0; i < plan.runs.size(); ++i) {
    if (static_cast<int>(i % static_cast<size_t>(shard_count)) == shard_index) runs.push_back(&plan.runs[i]);
  }
  std::stable_sort(runs.begin(), runs.end(), [](const PlannedRun* a, const PlannedRun* b) { return a->flops > b->flops; });
  return runs;
}

std::optional<ClaimedRun> claim_next_run(std::vector<const PlannedRun*>& queue, const SweepDir& dir,
                                         int* finished_elsewhere, std::vector<std::string>* busy) {
  auto finished = finished_runs(dir.results());
  busy->clear();
  for (auto it = queue.begin(); it != queue.end();) {
    const PlannedRun* run = *it;
    if (finished.count(run->run_id)) {
      ++*finished_elsewhere;
      it = queue.erase(it);
      continue;
    }
    const RunFiles files = dir.run(run->run_id);
    ensure_dir(files.dir);
    std::optional<RunClaim> claim = RunClaim::try_take(files.claim);
    if (!claim) {
      busy->push_back(run->run_id);
      ++it;
      continue;
    }
    finished = finished_runs(dir.results());  // its last holder may have appended its row meanwhile
    if (finished.count(run->run_id)) continue;  // counted and dropped on the next turn of the loop
    queue.erase(it);
    return ClaimedRun{run, std::move(*claim)};
  }
  return std::nullopt;
}

}  // namespace ff
