// Test helper for full disks: a tiny tmpfs mounted on a fresh directory (needs root; tests skip
// without it), that a test fills to the last byte and empties again.
#pragma once

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace ff::testing {

/// A tmpfs of `bytes` mounted on `dir` (created) for the object's lifetime. mounted() is false
/// (with why()) where mounting is not possible: not root, or no CAP_SYS_ADMIN in a container.
class TinyDisk {
 public:
  TinyDisk(const std::filesystem::path& dir, size_t bytes) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    if (::geteuid() != 0) {
      why_ = "mounting a tmpfs needs root";
      return;
    }
    if (::mount("tmpfs", dir_.c_str(), "tmpfs", 0, ("size=" + std::to_string(bytes)).c_str()) != 0) {
      why_ = std::string("cannot mount a tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~TinyDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  TinyDisk(const TinyDisk&) = delete;
  TinyDisk& operator=(const TinyDisk&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  const std::filesystem::path& path() const { return dir_; }

  /// Free bytes on the disk.
  size_t free_bytes() const {
    struct statvfs s {};
    return ::statvfs(dir_.c_str(), &s) == 0 ? static_cast<size_t>(s.f_bavail) * s.f_frsize : 0;
  }

  /// Fills the disk with a file of zeros until `leave` bytes are free (0: writes until ENOSPC).
  void fill(size_t leave = 0) const {
    const int fd = ::open(filler().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    const std::vector<char> zeros(4096, 0);
    for (;;) {
      const size_t free = free_bytes();
      if (free <= leave) break;
      const ssize_t n = ::write(fd, zeros.data(), std::min(zeros.size(), free - leave));
      if (n <= 0) break;  // ENOSPC: full
    }
    ::close(fd);
  }

  /// Removes what fill() wrote: the space is back.
  void empty() const { std::filesystem::remove(filler()); }

 private:
  std::filesystem::path filler() const { return dir_ / "filler"; }

  std::filesystem::path dir_;
  bool mounted_ = false;
  std::string why_;
};

}  // namespace ff::testing

/// Declares `disk`, a TinyDisk of `bytes` on `dir`, or skips the test where none can be mounted.
#define FF_TINY_DISK_OR_SKIP(disk, dir, bytes)       \
  ::ff::testing::TinyDisk disk((dir), (bytes));      \
  if (!disk.mounted()) GTEST_SKIP() << disk.why()
