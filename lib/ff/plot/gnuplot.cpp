// Driving gnuplot (see gnuplot.h).
#include "ff/plot/gnuplot.h"

#include <unistd.h>

#include <cstdlib>
#include <regex>
#include <sstream>

#include <gnuplot-iostream.h>  // only here: its Boost headers stay out of every other file

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

const std::string kStatusTag = "ff-plot: gnuplot exit status ";  // the session's last log line

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool is_executable(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// `program` as the shell would find it: itself if it holds a '/', else the first executable of
// that name in a PATH folder (an empty entry is the current folder).
bool program_exists(const std::string& program) {
  if (program.empty()) return false;
  if (program.find('/') != std::string::npos) return is_executable(program);
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (is_executable(fs::path(dir.empty() ? "." : dir) / program)) return true;
  }
  return false;
}

// The error gnuplot stopped at: the last "line 12: invalid command" of its output (warnings come
// earlier), else its exit status.
std::string error_line(const std::string& output, const std::string& status) {
  static const std::regex kError("line [0-9]+: [^\n]*");
  std::string last;
  for (std::sregex_iterator it(output.begin(), output.end(), kError), end; it != end; ++it) last = it->str();
  return last.empty() ? "exit status " + status : last;
}

}  // namespace

void require_gnuplot(const std::string& gnuplot) {
  check(program_exists(gnuplot),
        "plot.gnuplot: cannot run '{}': install gnuplot (Debian: apt-get install "
        "gnuplot-nox, or scripts/install-deps.sh) or set plot.gnuplot=/path/to/gnuplot", gnuplot);
}

void run_gnuplot(const std::string& gnuplot, const fs::path& script) {
  const fs::path log = script.string() + ".log";
  // The shell gnuplot-iostream starts runs gnuplot with its output in the log, appends gnuplot's
  // exit status there (gnuplot-iostream's pclose reports none back, so the session itself always
  // ends well and the outcome is read from the log), then drains its input until the pipe closes:
  // a program that exits early cannot make our write to the pipe a SIGPIPE.
  const std::string command = shell_quote(gnuplot) + " >" + shell_quote(log.string()) + " 2>&1; echo \"" + kStatusTag +
                              "$?\" >>" + shell_quote(log.string()) + "; cat >/dev/null";
  try {
    Gnuplot session(command);
    session << "load " << gp_quote(fs::absolute(script).string()) << std::endl;
  } catch (const std::exception& e) {  // the pipe could not be opened (gnuplot-iostream throws std::ios_base::failure)
    fail("{}: cannot start gnuplot ('{}'): {}", script.string(), gnuplot, e.what());
  }  // ~Gnuplot closes the pipe (gnuplot reads end of input) and waits for the shell
  const std::string text = fs::exists(log) ? read_file(log) : "";
  const auto tag = text.rfind(kStatusTag);
  const std::string status =
      tag == std::string::npos ? "unknown" : text.substr(tag + kStatusTag.size(), text.find('\n', tag) - tag - kStatusTag.size());
  if (status == "0") {
    fs::remove(log);
    return;
  }
  fail("{}: gnuplot failed ({}); see {}", script.string(), error_line(text.substr(0, tag), status), log.string());
}

std::string gp_preamble(const std::string& name) {
  return "# " + name + ": written by ff-plot. Edit it and re-run `gnuplot " + name + ".gp` in this folder, or\n"
         "# `gnuplot path/to/" + name + ".gp` from anywhere: the next three lines change to this script's\n"
         "# folder (ARG0 is its path), where its data files are read and its images written.\n"
         "ff_dir = ARG0; ff_cut = 0\n"
         "while (strstrt(ff_dir[ff_cut+1:], \"/\") > 0) { ff_cut = ff_cut + strstrt(ff_dir[ff_cut+1:], \"/\") }\n"
         "if (ff_cut > 0) { cd ff_dir[1:ff_cut] }\n";
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
