// Data parallelism of one run over several processes (c10d): a process launched by torchrun
// (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR, MASTER_PORT) or by srun
// (SLURM_PROCID, SLURM_STEP_NUM_TASKS, SLURM_LOCALID, SLURM_STEP_TASKS_PER_NODE, the first host of
// SLURM_STEP_NODELIST, a port chosen from the job and step ids) joins a process group on first use:
// Gloo on the CPU, NCCL for CUDA where the LibTorch in use has it. Every rank runs the same sweep;
// rank 0 decides which run comes next and alone writes files; in a run each rank trains its share
// of every step's batch and the gradients are summed across ranks in one flat bucket (loop.cpp).
// A collective that fails (a rank died) or waits longer than FF_DIST_TIMEOUT seconds (default 600)
// throws DistributedError, which ends the process: it is not a failed run.
// Uses LibTorch: include only from torch translation units.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "ff/common/error.h"

namespace ff {

/// A collective failed: another rank died or timed out. Not a run's failure: the process stops.
class DistributedError : public Error {
 public:
  using Error::Error;
};

/// Where this process stands, from its launcher's environment.
struct DistributedEnv {
  int rank = 0, size = 1;              // global rank, number of processes
  int local_rank = 0, local_size = 1;  // on this host
  std::string master_addr = "127.0.0.1";
  int master_port = 29500;
  std::string launcher = "none";       // none | torchrun | srun
};

/// Reads the environment through `get` (returns nullptr for an unset variable): torchrun's
/// variables when WORLD_SIZE is set, else srun's when SLURM_STEP_NUM_TASKS is set (a batch script
/// with --ntasks=2 has SLURM_NTASKS=2 but is one process), else one process. ff::Error on
/// malformed values (named).
DistributedEnv distributed_env(const std::function<const char*(const char*)>& get);

/// The first host of a Slurm host list: "gpu[03-05,7],cpu1" -> "gpu03".
std::string first_slurm_host(const std::string& nodelist);

/// This process's ranks; the first call joins the process group when there is more than one
/// process (logging "rank r of n"); later calls return the same. Ranks other than 0 then log
/// warnings and errors only.
const DistributedEnv& distributed();

inline bool is_rank0() { return distributed().rank == 0; }

/// The CUDA device index of this rank: LOCAL_RANK modulo the devices this process sees.
int local_cuda_index();

/// Sums, across ranks, the gradients of `params` and the numbers in `extras`, in one flat bucket
/// (params without a gradient count as zeros); returns the summed extras. One process: returns
/// `extras` untouched.
std::vector<double> all_reduce_gradients(const std::vector<torch::Tensor>& params, const std::vector<double>& extras);

/// Copies rank 0's values of `params` to every rank, in one flat bucket.
void broadcast_parameters(const std::vector<torch::Tensor>& params);

/// Rank 0's `value` on every rank.
int64_t broadcast_from_rank0(int64_t value);

}  // namespace ff
