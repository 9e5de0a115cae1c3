// results.csv reading and durable appending (see results_file.h).
#include "ff/io/results_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/csv.h"

namespace ff {

namespace fs = std::filesystem;

const std::vector<std::string>& results_columns() {
  static const std::vector<std::string> columns = {
      "run_id", "compute_budget", "n_params", "n_params_non_embedding", "tokens", "flops", "final_loss",
      "status", "wall_seconds", "d_model", "n_layers", "steps", "lr", "batch_size"};
  return columns;
}

RunStatus parse_run_status(const std::string& name, const std::string& where) {
  for (RunStatus s : {RunStatus::kOk, RunStatus::kDiverged, RunStatus::kFailed, RunStatus::kInterrupted}) {
    if (name == to_string(s)) return s;
  }
  fail("{}: unknown status '{}' (expected ok, diverged, failed or interrupted)", where, name);
}

std::string to_string(RunStatus status) {
  switch (status) {
    case RunStatus::kOk: return "ok";
    case RunStatus::kDiverged: return "diverged";
    case RunStatus::kFailed: return "failed";
    case RunStatus::kInterrupted: return "interrupted";
  }
  return "ok";
}

namespace {

std::string header_line() {
  std::string line;
  for (const auto& c : results_columns()) line += (line.empty() ? "" : ",") + c;
  return line + "\n";
}

// The row's fields in results_columns() order.
std::vector<std::string> row_fields(const RunResult& r) {
  return {csv_field(r.run_id), fmt::format("{:.17g}", r.compute_budget), std::to_string(r.n_params),
          std::to_string(r.n_params_non_embedding), std::to_string(r.tokens), fmt::format("{:.17g}", r.flops),
          fmt::format("{:.9g}", r.final_loss), to_string(r.status), fmt::format("{:.3f}", r.wall_seconds),
          std::to_string(r.d_model), std::to_string(r.n_layers), std::to_string(r.steps), fmt::format("{:.9g}", r.lr),
          std::to_string(r.batch_size)};
}

// The row with the columns of `header` (the existing file's first line; "" = all columns), so
// that a results.csv written before a column existed keeps its shape.
std::string row_line(const RunResult& r, const std::string& header) {
  const std::vector<std::string> fields = row_fields(r);
  const auto& columns = results_columns();
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!header.empty() && ("," + header + ",").find("," + columns[i] + ",") == std::string::npos) continue;
    line += (line.empty() ? "" : ",") + fields[i];
  }
  return line + "\n";
}

// True when `fd` is the file now at `path` (not one renamed away since it was opened).
bool is_file_at(int fd, const fs::path& path) {
  struct stat held {}, current {};
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &current) == 0 && held.st_ino == current.st_ino &&
         held.st_dev == current.st_dev;
}

// An open, exclusively locked file descriptor; closed (and unlocked) on scope exit.
class LockedFile {
 public:
  explicit LockedFile(const fs::path& path) : path_(path) {
    // Another process may replace the file (drop_failed_results renames a new one in) while we
    // wait for the lock: reopen until the locked descriptor is the file at `path`.
    for (;;) {
      fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
      if (fd_ < 0) fail_errno("cannot write");
      while (::flock(fd_, LOCK_EX) != 0) {
        if (errno != EINTR) fail_errno("cannot lock");
      }
      if (is_file_at(fd_, path)) return;
      ::close(fd_);
    }
  }
  ~LockedFile() { ::close(fd_); }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  int fd() const { return fd_; }

  [[noreturn]] void fail_errno(const char* what) const { fail_io(path_, errno, what); }

  /// The whole file, read through the locked descriptor.
  std::string read_all() const {
    std::string text;
    char buffer[1 << 16];
    ::lseek(fd_, 0, SEEK_SET);
    for (;;) {
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail_errno("cannot read");
      if (n == 0) return text;
      text.append(buffer, static_cast<size_t>(n));
    }
  }

  void write_all(const std::string& bytes) { ff::write_all(fd_, bytes.data(), bytes.size(), path_); }

 private:
  fs::path path_;
  int fd_ = -1;
};

// A shared lock on `path` for as long as it lives, so that a reader never sees an append or a
// repair half done; nothing when the file cannot be opened (the reader then reports it).
class SharedLock {
 public:
  explicit SharedLock(const fs::path& path) {
    for (;;) {  // as LockedFile: the lock must be on the file at `path`, not one a repair renamed away
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd_ < 0) return;
      while (::flock(fd_, LOCK_SH) != 0 && errno == EINTR) {
      }
      if (is_file_at(fd_, path)) return;
      ::close(fd_);
    }
  }
  ~SharedLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  SharedLock(const SharedLock&) = delete;
  SharedLock& operator=(const SharedLock&) = delete;

 private:
  int fd_ = -1;
};

// True when `path` starts with the header append_result writes: its rows are complete only with
// their newline, and a last line without one is an append that has not finished.
bool written_by_ff_train(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string first;
  return std::getline(in, first) && first + "\n" == header_line();
}

}  // namespace

void append_result(const fs::path& path, const RunResult& result) {
  LockedFile file(path);
  const std::string existing = file.read_all();
  size_t keep = existing.size();
  if (!existing.empty() && existing.back() != '\n') {
    const size_t newline = existing.rfind('\n');  // a crash's partial row (or partial header)
    keep = newline == std::string::npos ? 0 : newline + 1;
  }
  if (keep != existing.size() && ::ftruncate(file.fd(), static_cast<off_t>(keep)) != 0) file.fail_errno("cannot truncate");
  ::lseek(file.fd(), static_cast<off_t>(keep), SEEK_SET);
  const std::string header = keep == 0 ? "" : existing.substr(0, existing.find('\n'));
  try {
    file.write_all((keep == 0 ? header_line() : "") + row_line(result, header));
    if (::fsync(file.fd()) != 0) file.fail_errno("cannot sync");
  } catch (const Error&) {
    // A full disk may have taken part of the row: leave the file as it was (best effort).
    if (::ftruncate(file.fd(), static_cast<off_t>(keep)) == 0) ::fsync(file.fd());
    throw;
  }
}

std::map<std::string, RunStatus> finished_runs(const fs::path& path) {
  std::map<std::string, RunStatus> done;
  if (!fs::exists(path)) return done;
  const SharedLock lock(path);
  const std::string text = read_file(path);
  if (text.find('\n') == std::string::npos) return done;  // empty, or a header cut short by a crash
  const CsvTable table = parse_csv(text, path.string(), /*keep_partial_last_line=*/false);
  const int id = table.require_column("run_id");
  const int status = table.require_column("status");
  for (size_t i = 0; i < table.rows.size(); ++i) {
    const auto& row = table.rows[i];
    done[row[id]] = parse_run_status(row[status], fmt::format("{}:{}: status", table.source, table.lines[i]));
  }
  return done;
}

int drop_failed_results(const fs::path& path) {
  if (!fs::exists(path)) return 0;
  LockedFile lock(path);
  const CsvTable table = parse_csv(lock.read_all(), path.string(), false);
  const int status = table.require_column("status");
  std::string text;
  for (const auto& h : table.header) text += (text.empty() ? "" : ",") + csv_field(h);
  text += "\n";
  int dropped = 0;
  for (const auto& row : table.rows) {
    if (row[status] == to_string(RunStatus::kFailed)) {
      ++dropped;
      continue;
    }
    std::string line;
    for (const auto& f : row) line += (line.empty() ? "" : ",") + csv_field(f);
    text += line + "\n";
  }
  if (dropped > 0) write_file_atomic(path, text);
  return dropped;
}

namespace {

double number_at(const CsvTable& t, size_t row, int col, bool positive) {
  const std::string& text = t.rows[row][col];
  const std::string where = fmt::format("{}:{}: {}", t.source, t.lines[row], t.header[col]);
  const double v = parse_double(text, where);
  check(std::isfinite(v), "{}: '{}' is not a finite number", where, text);
  check(!positive || v > 0, "{}: '{}' must be positive", where, text);
  return v;
}

// lr and batch_size: 0 is how results.csv spells an unknown value (a run without one).
double non_negative_at(const CsvTable& t, size_t row, int col) {
  const double v = number_at(t, row, col, false);
  check(v >= 0, "{}:{}: {}: '{}' must not be negative", t.source, t.lines[row], t.header[col], t.rows[row][col]);
  return v;
}

}  // namespace

std::vector<Observation> read_observations(const fs::path& path) {
  require_file(path, "results", "run ff-train first, or pass --results FILE");
  const SharedLock lock(path);  // ff-train may be appending
  const CsvTable t = read_csv(path, /*keep_partial_last_line=*/!written_by_ff_train(path));
  const int budget = t.require_column("compute_budget");
  const int n = t.require_column("n_params");
  const int d = t.require_column("tokens");
  const int loss = t.require_column("final_loss");
  const int status = t.column("status");
  const int id = t.column("run_id");
  const int lr = t.column("lr");
  const int batch = t.column("batch_size");
  std::vector<Observation> obs;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (status >= 0 && t.rows[i][status] != to_string(RunStatus::kOk)) continue;
    Observation o;
    o.compute_budget = number_at(t, i, budget, true);
    o.n_params = number_at(t, i, n, true);
    o.tokens = number_at(t, i, d, true);
    o.final_loss = number_at(t, i, loss, true);
    if (id >= 0) o.run_id = t.rows[i][id];
    if (lr >= 0) o.lr = non_negative_at(t, i, lr);
    if (batch >= 0) o.batch_size = non_negative_at(t, i, batch);
    obs.push_back(o);
  }
  check(!obs.empty(), "{}: no finished runs with status ok ({} rows)", path.string(), t.rows.size());
  return obs;
}

namespace {

int64_t integer_at(const CsvTable& t, size_t row, int col) {
  return parse_int64(t.rows[row][col], fmt::format("{}:{}: {}", t.source, t.lines[row], t.header[col]));
}

double double_at(const CsvTable& t, size_t row, int col) {
  return parse_double(t.rows[row][col], fmt::format("{}:{}: {}", t.source, t.lines[row], t.header[col]));
}

}  // namespace

std::vector<RunResult> read_results(const fs::path& path) {
  require_file(path, "results", "run ff-train first, or pass --results FILE");
  const SharedLock lock(path);  // ff-train may be appending
  const CsvTable t = read_csv(path, /*keep_partial_last_line=*/false);
  std::vector<int> c;
  for (const auto& name : results_columns()) {
    c.push_back(name == "lr" || name == "batch_size" ? t.column(name) : t.require_column(name));
  }
  std::vector<RunResult> results;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    RunResult r;
    r.run_id = t.rows[i][c[0]];
    r.compute_budget = double_at(t, i, c[1]);
    r.n_params = integer_at(t, i, c[2]);
    r.n_params_non_embedding = integer_at(t, i, c[3]);
    r.tokens = integer_at(t, i, c[4]);
    r.flops = double_at(t, i, c[5]);
    r.final_loss = double_at(t, i, c[6]);
    r.status = parse_run_status(t.rows[i][c[7]], fmt::format("{}:{}: status", t.source, t.lines[i]));
    r.wall_seconds = double_at(t, i, c[8]);
    r.d_model = integer_at(t, i, c[9]);
    r.n_layers = integer_at(t, i, c[10]);
    r.steps = integer_at(t, i, c[11]);
    if (c[12] >= 0) r.lr = double_at(t, i, c[12]);
    if (c[13] >= 0) r.batch_size = integer_at(t, i, c[13]);
    results.push_back(r);
  }
  return results;
}

}  // namespace ff
