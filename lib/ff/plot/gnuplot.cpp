// Running gnuplot (see gnuplot.h).
#include "ff/plot/gnuplot.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void require_gnuplot(const std::string& gnuplot) {
  const int rc = std::system((shell_quote(gnuplot) + " --version >/dev/null 2>&1").c_str());
  check(rc == 0, "plot.gnuplot: cannot run '{}': install gnuplot (Debian: apt-get install gnuplot-nox, or "
        "scripts/install-deps.sh) or set plot.gnuplot=/path/to/gnuplot", gnuplot);
}

void run_gnuplot(const std::string& gnuplot, const std::filesystem::path& script) {
  const std::filesystem::path log = script.string() + ".log";
  // Run inside the script's folder: its data files are named relative to it.
  const std::string cmd = "cd " + shell_quote(script.parent_path().string()) + " && " + shell_quote(gnuplot) + " " +
                          shell_quote(script.filename().string()) + " >" + shell_quote(log.string()) + " 2>&1";
  const int rc = std::system(cmd.c_str());
  if (rc == 0) {
    std::filesystem::remove(log);
    return;
  }
  std::string first = "exit status " + std::to_string(WEXITSTATUS(rc));
  const std::string text = read_file(log);
  const auto pos = text.find("line");
  if (pos != std::string::npos) first = text.substr(pos, text.find('\n', pos) - pos);
  fail("{}: gnuplot failed ({}); see {}", script.string(), first, log.string());
}

std::string gp_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace ff
