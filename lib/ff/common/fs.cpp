// File helpers (see fs.h).
#include "ff/common/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include "ff/common/error.h"

namespace ff {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "{}: cannot read: {}", path.string(), std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool is_disk_full(int err) { return err == ENOSPC || err == EDQUOT; }

void fail_io(const fs::path& path, int err, const std::string& action) {
  if (is_disk_full(err)) {
    throw DiskFullError(fmt::format("{}: {}: the disk is full ({}) (hint: free space, then run the same command "
                                    "again: what was written before is intact)",
                                    path.string(), action, std::strerror(err)));
  }
  fail("{}: {}: {}", path.string(), action, std::strerror(err));
}

void write_all(int fd, const void* data, size_t size, const fs::path& path) {
  const char* bytes = static_cast<const char*>(data);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, bytes + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_io(path, errno);
    done += static_cast<size_t>(n);
  }
}

namespace {

// fsync of an existing file or directory; false (errno set) on failure.
bool sync_path(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  errno = err;
  return ok;
}

// Moves the written temporary file into place: fsync it, rename it over `path`, fsync the directory.
void commit(const fs::path& tmp, const fs::path& path) {
  if (!sync_path(tmp, O_RDONLY)) fail_io(path, errno, "cannot sync");
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail_io(path, errno);
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!sync_path(dir, O_RDONLY | O_DIRECTORY)) fail_io(path, errno, "cannot sync its directory");
}

}  // namespace

void write_file_atomic(const fs::path& path, const std::function<void(const fs::path& tmp)>& write_temp) {
  const fs::path tmp = fmt::format("{}.tmp.{}", path.string(), ::getpid());
  try {
    write_temp(tmp);
    commit(tmp, path);
  } catch (const Error&) {
    ::unlink(tmp.c_str());
    throw;
  } catch (const std::system_error& e) {  // std::filesystem's errors carry their errno
    ::unlink(tmp.c_str());
    if (e.code().category() == std::generic_category() || e.code().category() == std::system_category()) {
      fail_io(path, e.code().value());
    }
    const std::string what = e.what();
    fail("{}: cannot write: {}", path.string(), what.substr(0, what.find('\n')));
  } catch (const std::exception& e) {
    ::unlink(tmp.c_str());
    const std::string what = e.what();
    fail("{}: cannot write: {}", path.string(), what.substr(0, what.find('\n')));
  }
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  write_file_atomic(path, [&](const fs::path& tmp) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_io(path, errno);
    try {
      write_all(fd, content.data(), content.size(), path);
    } catch (const Error&) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) fail_io(path, errno);  // a network file system may report a full disk only here
  });
}

int remove_stale_temporaries(const fs::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const size_t tmp = name.rfind(".tmp.");
    if (tmp == std::string::npos || tmp + 5 == name.size() ||
        name.find_first_not_of("0123456789", tmp + 5) != std::string::npos) {
      continue;
    }
    std::error_code ignored;
    if (fs::remove(it->path(), ignored)) ++removed;
  }
  return removed;
}

void ensure_dir(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail_io(dir, ec.value(), "cannot create directory");
  check(fs::is_directory(dir), "{}: cannot create directory: a file of that name exists", dir.string());
}

void require_file(const fs::path& path, const std::string& what, const std::string& hint) {
  check(fs::is_regular_file(path), "{}: no {} file here ({})", path.string(), what, hint);
}

}  // namespace ff
