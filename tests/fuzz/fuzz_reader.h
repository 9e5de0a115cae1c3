// Shared by the libFuzzer targets: a reader must end in a value or one ff::Error. The harness
// catches ff::Error only, so any other exception (std::terminate), crash, hang or leak is a finding.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "ff/common/error.h"

namespace ff::fuzz {

/// Runs `read`; an ff::Error is a valid outcome.
template <typename F>
int read_or_error(F read) {
  try {
    read();
  } catch (const ff::Error&) {
  }
  return 0;
}

/// The input as text.
inline std::string text_of(const uint8_t* data, size_t size) { return std::string(reinterpret_cast<const char*>(data), size); }

/// Writes the input to a file private to this process (in /dev/shm when it exists) named `name`;
/// returns its path. For readers that take a path.
inline std::string input_file(const uint8_t* data, size_t size, const std::string& name) {
  static const std::string dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  const std::string path = dir + "/ff-fuzz-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

}  // namespace ff::fuzz
