// Atomic checkpoints of model, optimizer and loop progress (see checkpoint.h).
#include "ff/train/checkpoint.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <torch/torch.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {
namespace {

constexpr int64_t kCurveFields = 7;  // CurvePoint's fields, stored as one float64 row each

torch::Tensor curve_to_tensor(const std::vector<CurvePoint>& curve) {
  auto t = torch::zeros({static_cast<int64_t>(curve.size()), kCurveFields}, torch::kFloat64);
  auto a = t.accessor<double, 2>();
  for (size_t i = 0; i < curve.size(); ++i) {
    const auto& p = curve[i];
    const double row[kCurveFields] = {static_cast<double>(p.step), static_cast<double>(p.tokens),
                                      p.flops, p.lr, p.train_loss, p.eval_loss, p.tokens_per_second};
    for (int64_t j = 0; j < kCurveFields; ++j) a[static_cast<int64_t>(i)][j] = row[j];
  }
  return t;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// Writes `archive` to `tmp` through our own descriptor, so that a failed write (a full disk) is
// reported with its errno, naming `path`. Torch is never told of the failure: LibTorch 1.13's
// writer, once a write fails, throws again from its destructor (std::terminate). So after the
// first failed write the rest of the archive is dropped, and the error is thrown once torch is done.
void save_archive(torch::serialize::OutputArchive& archive, const std::filesystem::path& tmp,
                  const std::filesystem::path& path) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail_io(path, errno);
  int write_errno = 0;
  const std::vector<char> zeros(1 << 16, 0);
  auto write = [&](const void* data, size_t size) -> size_t {  // data == nullptr: `size` zero bytes
    const char* bytes = static_cast<const char*>(data);
    for (size_t done = 0; done < size && write_errno == 0;) {
      const size_t chunk = bytes != nullptr ? size - done : std::min(zeros.size(), size - done);
      const ssize_t n = ::write(fd, bytes != nullptr ? bytes + done : zeros.data(), chunk);
      if (n >= 0) done += static_cast<size_t>(n);
      if (n < 0 && errno != EINTR) write_errno = errno;
    }
    return size;
  };
  try {
    archive.save_to(write);
  } catch (const c10::Error& e) {
    ::close(fd);
    fail("{}: cannot write: {}", path.string(), first_line(e.what_without_backtrace()));
  }
  if (write_errno != 0) {
    ::close(fd);
    fail_io(path, write_errno);
  }
  if (::close(fd) != 0) fail_io(path, errno);
}

std::vector<CurvePoint> curve_from_tensor(const torch::Tensor& t) {
  const auto cpu = t.to(torch::kCPU, torch::kFloat64);
  auto a = cpu.accessor<double, 2>();
  std::vector<CurvePoint> curve;
  for (int64_t i = 0; i < cpu.size(0); ++i) {
    curve.push_back({static_cast<int64_t>(a[i][0]), static_cast<int64_t>(a[i][1]), a[i][2],
                     a[i][3], a[i][4], a[i][5], a[i][6]});
  }
  return curve;
}

}  // namespace

void save_checkpoint(const std::filesystem::path& path, const std::string& fingerprint,
                     torch::nn::Module& model, GroupedAdamW& optimizer, const TrainProgress& progress) {
  torch::serialize::OutputArchive archive, model_archive, optimizer_archive;
  model.save(model_archive);
  optimizer.save(optimizer_archive);
  archive.write("model", model_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write("fingerprint", c10::IValue(fingerprint));
  archive.write("step", c10::IValue(progress.step));
  archive.write("initial_loss", c10::IValue(progress.initial_loss));
  archive.write("loss_ema", c10::IValue(progress.loss_ema));
  archive.write("wall_seconds", c10::IValue(progress.wall_seconds));
  archive.write("curve", curve_to_tensor(progress.curve));
  write_file_atomic(path, [&](const std::filesystem::path& tmp) { save_archive(archive, tmp, path); });
}

namespace {

void read_checkpoint(const std::filesystem::path& path, const std::string& fingerprint,
                     torch::nn::Module& model, GroupedAdamW& optimizer, TrainProgress& progress,
                     const torch::Device& device) {
  torch::serialize::InputArchive archive, model_archive, optimizer_archive;
  archive.load_from(path.string(), device);
  c10::IValue value;
  archive.read("fingerprint", value);
  check(value.toStringRef() == fingerprint,
        "{}: checkpoint belongs to another run or other options ('{}', expected '{}') (hint: use a "
        "fresh run directory or delete the checkpoint)", path.string(), value.toStringRef(), fingerprint);
  archive.read("model", model_archive);
  archive.read("optimizer", optimizer_archive);
  model.load(model_archive);
  optimizer.load(optimizer_archive);  // after the model: moves the loaded parameters into its buffers
  archive.read("step", value);
  progress.step = value.toInt();
  archive.read("initial_loss", value);
  progress.initial_loss = value.toDouble();
  archive.read("loss_ema", value);
  progress.loss_ema = value.toDouble();
  archive.read("wall_seconds", value);
  progress.wall_seconds = value.toDouble();
  torch::Tensor curve;
  archive.read("curve", curve);
  progress.curve = curve_from_tensor(curve);
}

}  // namespace

void load_checkpoint(const std::filesystem::path& path, const std::string& fingerprint,
                     torch::nn::Module& model, GroupedAdamW& optimizer, TrainProgress& progress,
                     const torch::Device& device) {
  try {
    read_checkpoint(path, fingerprint, model, optimizer, progress, device);
  } catch (const Error&) {
    throw;
  } catch (const c10::Error& e) {
    fail("{}: cannot read the checkpoint ({}) (hint: delete it to restart the run)", path.string(),
         e.what_without_backtrace());
  } catch (const std::exception& e) {  // e.g. torch::jit::ErrorReport for a module name like 'in'
    fail("{}: cannot read the checkpoint ({}) (hint: delete it to restart the run)", path.string(),
         first_line(e.what()));
  }
}

}  // namespace ff
