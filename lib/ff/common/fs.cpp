// File helpers (see fs.h).
#include "ff/common/fs.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

namespace {

// Writes all of `content` to `fd`, retrying short writes; false (errno set) on failure.
bool write_all(int fd, const std::string& content) {
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

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
  if (!sync_path(tmp, O_RDONLY)) fail("{}: cannot sync: {}", path.string(), std::strerror(errno));
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("{}: cannot write: {}", path.string(), std::strerror(errno));
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!sync_path(dir, O_RDONLY | O_DIRECTORY)) {
    fail("{}: cannot sync its directory: {}", path.string(), std::strerror(errno));
  }
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
  } catch (const std::exception& e) {
    ::unlink(tmp.c_str());
    const std::string what = e.what();
    fail("{}: cannot write: {}", path.string(), what.substr(0, what.find('\n')));
  }
}

void write_file_atomic(const fs::path& path, const std::string& content) {
  write_file_atomic(path, [&](const fs::path& tmp) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    check(fd >= 0, "{}: cannot write: {}", path.string(), std::strerror(errno));
    const bool ok = write_all(fd, content);
    const int err = errno;
    ::close(fd);
    check(ok, "{}: cannot write: {}", path.string(), std::strerror(err));
  });
}

void ensure_dir(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  check(!ec && fs::is_directory(dir), "{}: cannot create directory: {}", dir.string(),
        ec ? ec.message() : "a file of that name exists");
}

void require_file(const fs::path& path, const std::string& what, const std::string& hint) {
  check(fs::is_regular_file(path), "{}: no {} file here ({})", path.string(), what, hint);
}

}  // namespace ff
