// results.csv reading and durable appending (see results_file.h).
#include "ff/io/results_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/csv.h"

namespace ff {

namespace fs = std::filesystem;

const std::vector<std::string>& results_columns() {
  static const std::vector<std::string> columns = {
      "run_id", "compute_budget", "n_params", "n_params_non_embedding", "tokens", "flops", "final_loss",
      "status", "wall_seconds", "d_model", "n_layers", "steps"};
  return columns;
}

namespace {

std::string header_line() {
  std::string line;
  for (const auto& c : results_columns()) line += (line.empty() ? "" : ",") + c;
  return line + "\n";
}

std::string row_line(const RunResult& r) {
  return fmt::format("{},{:.17g},{},{},{},{:.17g},{:.9g},{},{:.3f},{},{},{}\n", csv_field(r.run_id), r.compute_budget,
                     r.n_params, r.n_params_non_embedding, r.tokens, r.flops, r.final_loss, r.status, r.wall_seconds,
                     r.d_model, r.n_layers, r.steps);
}

// An open, exclusively locked file descriptor; closed (and unlocked) on scope exit.
class LockedFile {
 public:
  explicit LockedFile(const fs::path& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    check(fd_ >= 0, "{}: cannot write: {}", path.string(), std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0) {
      check(errno == EINTR, "{}: cannot lock: {}", path.string(), std::strerror(errno));
    }
  }
  ~LockedFile() { ::close(fd_); }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  int fd() const { return fd_; }

  void write_all(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      check(n >= 0, "{}: cannot write: {}", path_.string(), std::strerror(errno));
      done += static_cast<size_t>(n);
    }
  }

 private:
  fs::path path_;
  int fd_ = -1;
};

}  // namespace

void append_result(const fs::path& path, const RunResult& result) {
  LockedFile file(path);
  const std::string existing = read_file(path);
  size_t keep = existing.size();
  if (!existing.empty() && existing.back() != '\n') keep = existing.rfind('\n') + 1;  // a crash's partial row
  if (keep != existing.size()) {
    check(::ftruncate(file.fd(), static_cast<off_t>(keep)) == 0, "{}: cannot truncate: {}", path.string(),
          std::strerror(errno));
  }
  ::lseek(file.fd(), static_cast<off_t>(keep), SEEK_SET);
  file.write_all((keep == 0 ? header_line() : "") + row_line(result));
  check(::fsync(file.fd()) == 0, "{}: cannot sync: {}", path.string(), std::strerror(errno));
}

std::map<std::string, std::string> finished_runs(const fs::path& path) {
  std::map<std::string, std::string> done;
  if (!fs::exists(path) || fs::file_size(path) == 0) return done;
  const CsvTable table = read_csv(path, /*keep_partial_last_line=*/false);
  const int id = table.require_column("run_id");
  const int status = table.require_column("status");
  for (const auto& row : table.rows) done[row[id]] = row[status];
  return done;
}

int drop_failed_results(const fs::path& path) {
  if (!fs::exists(path)) return 0;
  LockedFile lock(path);
  const CsvTable table = read_csv(path, false);
  const int status = table.require_column("status");
  std::string text;
  for (const auto& h : table.header) text += (text.empty() ? "" : ",") + csv_field(h);
  text += "\n";
  int dropped = 0;
  for (const auto& row : table.rows) {
    if (row[status] == "failed") {
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

}  // namespace

std::vector<Observation> read_observations(const fs::path& path) {
  require_file(path, "results", "run ff-train first, or pass --results FILE");
  const CsvTable t = read_csv(path);
  const int budget = t.require_column("compute_budget");
  const int n = t.require_column("n_params");
  const int d = t.require_column("tokens");
  const int loss = t.require_column("final_loss");
  const int status = t.column("status");
  const int id = t.column("run_id");
  std::vector<Observation> obs;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    if (status >= 0 && t.rows[i][status] != "ok") continue;
    Observation o;
    o.compute_budget = number_at(t, i, budget, true);
    o.n_params = number_at(t, i, n, true);
    o.tokens = number_at(t, i, d, true);
    o.final_loss = number_at(t, i, loss, true);
    if (id >= 0) o.run_id = t.rows[i][id];
    obs.push_back(o);
  }
  check(!obs.empty(), "{}: no finished runs with status ok ({} rows)", path.string(), t.rows.size());
  return obs;
}

}  // namespace ff
