// Test helper for the end-to-end tests: runs a tool of this build (FF_BIN_DIR, or
// $FF_TEST_BIN_DIR) in a scratch folder and collects its exit code, stdout and stderr.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "ff/common/fs.h"
#include "temp_dir.h"

namespace ff::testing {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;    // exit status; 128 + signal if killed
  std::string out;  // stdout
  std::string err;  // stderr
};

/// A started tool; finish() waits for it and collects its output.
struct Process {
  pid_t pid = -1;
  fs::path out, err;
};

inline Process start(const fs::path& cwd, const std::string& tool, const std::vector<std::string>& args,
                     const fs::path& capture_dir) {
  static int counter = 0;
  Process p;
  p.out = capture_dir / ("out." + std::to_string(++counter));
  p.err = capture_dir / ("err." + std::to_string(counter));
  const char* bin_dir = std::getenv("FF_TEST_BIN_DIR");  // e.g. installed tools; default: this build's
  const std::string exe = std::string(bin_dir ? bin_dir : FF_BIN_DIR) + "/" + tool;
  std::vector<std::string> argv_text = {exe};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;  // built before fork: the child only opens, dups and execs
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  p.pid = ::fork();
  if (p.pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(p.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(p.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::chdir(cwd.c_str()) != 0) ::_exit(126);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  return p;
}

inline Outcome finish(const Process& p) {
  int status = 0;
  Outcome o;
  if (::waitpid(p.pid, &status, 0) == p.pid) {
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  o.out = read_file(p.out);
  o.err = read_file(p.err);
  return o;
}

/// A scratch folder: `cwd` is where the tools run (and where tests put their files), captures
/// of stdout/stderr live beside it so that they never show up in a snapshot of `cwd`.
class Sandbox {
 public:
  Sandbox() {
    fs::create_directories(tmp_ / "cwd");
    fs::create_directories(tmp_ / "io");
  }
  fs::path cwd() const { return tmp_.path() / "cwd"; }
  fs::path operator/(const std::string& name) const { return cwd() / name; }
  Outcome run(const std::string& tool, const std::vector<std::string>& args) const {
    return finish(start(cwd(), tool, args, tmp_.path() / "io"));
  }
  Process spawn(const std::string& tool, const std::vector<std::string>& args) const {
    return start(cwd(), tool, args, tmp_.path() / "io");
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(cwd() / name, std::ios::binary) << text;
  }

 private:
  TempDir tmp_;
};

}  // namespace ff::testing
