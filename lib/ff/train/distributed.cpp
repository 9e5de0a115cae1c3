// Process groups from the launcher's environment, and the collectives of the training loop
// (see distributed.h).
#include "ff/train/distributed.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>

#include <spdlog/spdlog.h>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef USE_C10D_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include "ff/common/strings.h"

namespace ff {
namespace {

// An environment variable as an integer >= `min`; `fallback` when unset.
int env_int(const std::function<const char*(const char*)>& get, const char* name, int fallback, int min) {
  const char* text = get(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text, &end, 10);
  check(errno == 0 && end != text && value >= min && value <= (1L << 30),
        "environment variable {}='{}': expected an integer >= {}", name, text, min);
  return static_cast<int>(value);
}

std::string env_text(const std::function<const char*(const char*)>& get, const char* name, const std::string& fallback) {
  const char* text = get(name);
  return text == nullptr || *text == '\0' ? fallback : std::string(text);
}

// The port srun's ranks meet on: MASTER_PORT when set, else one derived from the job and step ids
// (every rank computes the same; different steps and jobs rarely collide).
int srun_port(const std::function<const char*(const char*)>& get) {
  const int job = env_int(get, "SLURM_JOB_ID", 0, 0), step = env_int(get, "SLURM_STEP_ID", 0, 0);
  const int derived = 20000 + static_cast<int>((static_cast<int64_t>(job) * 31 + step) % 30000);
  return env_int(get, "MASTER_PORT", derived, 1);
}

std::chrono::milliseconds collective_timeout() {
  const int seconds = env_int([](const char* n) { return std::getenv(n); }, "FF_DIST_TIMEOUT", 600, 1);
  return std::chrono::seconds(seconds);
}

DistributedEnv g_env;
bool g_joined = false;
c10::intrusive_ptr<c10d::ProcessGroup> g_group;  // null with one process
torch::Device g_bucket_device = torch::kCPU;     // where the collectives' tensors live

// Gloo's transport: GLOO_SOCKET_IFNAME when set; loopback when all ranks share this host;
// else the address of this host's name.
std::shared_ptr<::gloo::transport::Device> gloo_device(const DistributedEnv& e) {
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME")) {
    return c10d::ProcessGroupGloo::createDeviceForInterface(ifname);
  }
  if (e.local_size == e.size) return c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1");
  return c10d::ProcessGroupGloo::createDefaultDevice();
}

void join(const DistributedEnv& e) {
  const auto timeout = collective_timeout();
  c10d::TCPStoreOptions store_options;
  store_options.port = static_cast<std::uint16_t>(e.master_port);
  store_options.isServer = e.rank == 0;
  store_options.numWorkers = static_cast<size_t>(e.size);
  store_options.timeout = timeout;
  auto store = c10::make_intrusive<c10d::TCPStore>(e.master_addr, store_options);
#ifdef USE_C10D_NCCL
  const char* backend = std::getenv("FF_DIST_BACKEND");
  if (torch::cuda::is_available() && (backend == nullptr || std::string(backend) != "gloo")) {
    auto options = c10d::ProcessGroupNCCL::Options::create();
    options->timeout = timeout;
    g_group = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, e.rank, e.size, options);
    g_bucket_device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(local_cuda_index()));
    return;
  }
#endif
  auto options = c10d::ProcessGroupGloo::Options::create(timeout);
  options->devices.push_back(gloo_device(e));
  g_group = c10::make_intrusive<c10d::ProcessGroupGloo>(store, e.rank, e.size, options);
}

// Runs a collective; any failure becomes DistributedError naming this rank.
template <typename F>
void collective(const char* what, F&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    const std::string text = e.what();
    throw DistributedError(fmt::format("rank {} of {}: {} across ranks failed (another rank died, or waited longer "
                                       "than FF_DIST_TIMEOUT): {}",
                                       g_env.rank, g_env.size, what, text.substr(0, text.find('\n'))));
  }
}

}  // namespace

std::string first_slurm_host(const std::string& nodelist) {
  std::string host;
  size_t i = 0;
  while (i < nodelist.size() && nodelist[i] != ',') {
    if (nodelist[i] != '[') {
      host += nodelist[i++];
      continue;
    }
    const size_t close = nodelist.find(']', i);
    check(close != std::string::npos, "SLURM_STEP_NODELIST '{}': unbalanced '['", nodelist);
    const std::string ranges = nodelist.substr(i + 1, close - i - 1);
    host += ranges.substr(0, ranges.find_first_of("-,"));  // the first number of the first range, padding kept
    i = close + 1;
  }
  check(!host.empty(), "SLURM_STEP_NODELIST '{}': no host", nodelist);
  return host;
}

DistributedEnv distributed_env(const std::function<const char*(const char*)>& get) {
  DistributedEnv e;
  if (get("WORLD_SIZE") != nullptr) {
    e.launcher = "torchrun";
    e.size = env_int(get, "WORLD_SIZE", 1, 1);
    e.rank = env_int(get, "RANK", 0, 0);
    e.local_rank = env_int(get, "LOCAL_RANK", 0, 0);
    e.local_size = env_int(get, "LOCAL_WORLD_SIZE", e.size, 1);
    e.master_addr = env_text(get, "MASTER_ADDR", e.master_addr);
    e.master_port = env_int(get, "MASTER_PORT", e.master_port, 1);
  } else if (get("SLURM_STEP_NUM_TASKS") != nullptr) {
    e.launcher = "srun";
    e.size = env_int(get, "SLURM_STEP_NUM_TASKS", 1, 1);
    e.rank = env_int(get, "SLURM_PROCID", 0, 0);
    e.local_rank = env_int(get, "SLURM_LOCALID", 0, 0);
    const std::string per_node = env_text(get, "SLURM_STEP_TASKS_PER_NODE", std::to_string(e.size));
    e.local_size = std::max(1, std::atoi(per_node.c_str()));  // "2(x3)" or "2,1": this node's count leads
    e.master_addr = env_text(get, "MASTER_ADDR", first_slurm_host(env_text(get, "SLURM_STEP_NODELIST",
                                                                          env_text(get, "SLURM_JOB_NODELIST", "127.0.0.1"))));
    e.master_port = srun_port(get);
  }
  check(e.rank < e.size, "{}: rank {} is not below the number of processes {}", e.launcher, e.rank, e.size);
  check(e.master_port <= 65535, "{}: master port {} is not a TCP port", e.launcher, e.master_port);
  return e;
}

const DistributedEnv& distributed() {
  if (g_joined) return g_env;
  g_env = distributed_env([](const char* name) { return std::getenv(name); });
  g_joined = true;
  if (g_env.size == 1) return g_env;
  spdlog::info("{}: rank {} of {} (local rank {} of {}) joining {}:{}", g_env.launcher, g_env.rank, g_env.size,
               g_env.local_rank, g_env.local_size, g_env.master_addr, g_env.master_port);
  collective("joining the process group", [] { join(g_env); });
  spdlog::info("rank {} of {}: process group ready ({})", g_env.rank, g_env.size, g_group->getBackendName());
  if (g_env.rank != 0) spdlog::set_level(spdlog::level::warn);  // rank 0 alone reports progress
  return g_env;
}

int local_cuda_index() {
  const int devices = static_cast<int>(torch::cuda::device_count());
  return devices > 0 ? distributed().local_rank % devices : 0;
}

std::vector<double> all_reduce_gradients(const std::vector<torch::Tensor>& params, const std::vector<double>& extras) {
  if (distributed().size == 1) return extras;
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (const auto& p : params) {
    const auto& g = p.grad();
    parts.push_back(g.defined() ? g.reshape({-1}).to(g_bucket_device, torch::kFloat)
                                : torch::zeros({p.numel()}, torch::TensorOptions(g_bucket_device).dtype(torch::kFloat)));
  }
  parts.push_back(torch::tensor(extras, torch::kDouble).to(g_bucket_device, torch::kFloat));
  std::vector<torch::Tensor> bucket{torch::cat(parts)};
  collective("summing gradients", [&] { g_group->allreduce(bucket)->wait(); });
  int64_t offset = 0;
  for (const auto& p : params) {
    auto sum = bucket[0].narrow(0, offset, p.numel()).view(p.sizes());
    if (p.grad().defined()) {
      p.mutable_grad().copy_(sum);
    } else {
      p.mutable_grad() = sum.to(p.device(), p.scalar_type()).clone();
    }
    offset += p.numel();
  }
  const auto summed = bucket[0].narrow(0, offset, static_cast<int64_t>(extras.size())).to(torch::kCPU, torch::kDouble);
  return {summed.data_ptr<double>(), summed.data_ptr<double>() + extras.size()};
}

void broadcast_parameters(const std::vector<torch::Tensor>& params) {
  if (distributed().size == 1 || params.empty()) return;
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> parts;
  for (const auto& p : params) parts.push_back(p.detach().reshape({-1}).to(g_bucket_device, torch::kFloat));
  std::vector<torch::Tensor> bucket{torch::cat(parts)};
  collective("broadcasting parameters", [&] { g_group->broadcast(bucket)->wait(); });
  int64_t offset = 0;
  for (const auto& p : params) {
    p.detach().copy_(bucket[0].narrow(0, offset, p.numel()).view(p.sizes()));
    offset += p.numel();
  }
}

int64_t broadcast_from_rank0(int64_t value) {
  if (distributed().size == 1) return value;
  std::vector<torch::Tensor> bucket{torch::tensor({value}, torch::kLong).to(g_bucket_device)};
  collective("agreeing on the next run", [&] { g_group->broadcast(bucket)->wait(); });
  return bucket[0].to(torch::kCPU).item<int64_t>();
}

}  // namespace ff
