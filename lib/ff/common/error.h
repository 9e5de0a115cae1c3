// The library's one error type, and check helpers that throw it.
#pragma once

#include <stdexcept>
#include <string>

#include <spdlog/fmt/fmt.h>

namespace ff {

/// Every failure the library reports. Messages are one lowercase line that names the file,
/// the key and the value, with a hint where the fix is known. Only the tools' mains catch it.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A write that failed because its file system is full (ENOSPC) or the user's disk quota is spent
/// (EDQUOT). It is no fault of the work being written: ff-train stops the sweep on it instead of
/// marking the run failed, and running again once there is space resumes.
class DiskFullError : public Error {
 public:
  using Error::Error;
};

/// Throws ff::Error with a fmt-formatted message.
template <typename... Args>
[[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) {
  throw Error(fmt::format(format, std::forward<Args>(args)...));
}

/// Throws ff::Error unless `condition` holds.
template <typename... Args>
void check(bool condition, fmt::format_string<Args...> format, Args&&... args) {
  if (!condition) throw Error(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace ff
