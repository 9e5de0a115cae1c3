// What the four tools share: the common options (--dir, --preset, key=value, --print-config,
// -v/-q), the options that point one file of the sweep elsewhere, and one place that loads the
// stage's configuration and turns errors into one-line messages.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"

namespace ff {

struct CommonOptions {
  std::string dir = "sweep";            // the sweep folder
  std::string preset;                   // a preset name or file
  std::vector<std::string> overrides;   // key.path=value
  bool print_config = false;
  int verbose = 0;
  bool quiet = false;
  // Files of the sweep given elsewhere ("" = in the sweep folder); each tool offers those it reads
  // or writes.
  std::string plan, results, runs, analysis, plots;

  /// The sweep folder with the files given elsewhere.
  SweepDir sweep() const;
};

/// Adds the common options to `app`.
void add_common_options(CLI::App& app, CommonOptions& options);

/// Prepares this process for CPU training; ff-train calls it first thing in main.
/// 1. The OpenMP wait policy, unless the user set OMP_WAIT_POLICY: ACTIVE (waiting threads spin)
///    when the process's `threads` (0 = all its cores) fit on the cores idle now (sampled from
///    /proc/stat over 0.1 s), else PASSIVE (they sleep). Spinning made a small model on two
///    threads of an idle machine 16-50% faster, and training 3-50x slower whenever other processes
///    were busy on the cores (README, "Training speed"). libgomp reads the variable once, when it
///    is loaded, so the process re-executes itself (/proc/self/exe, same argv) with it set; if
///    that fails it goes on unchanged.
/// 2. glibc malloc keeps freed memory (mallopt: every block comes from the heap, none is mapped on
///    its own, and the heap is not trimmed below 1 GiB), so LibTorch's short-lived activation
///    buffers stop costing page faults (system time 1.3-1.6 s -> 0.4 s on a 7 s run; cfg B, whose
///    412 MB logits were mapped and faulted in every step, 2.3x the tokens/s). The price: the
///    process keeps its peak heap (cfg B's maximum RSS 1.60 -> 2.04 GB).
/// 3. start_signal_thread(): asynchronous signals are handled on a thread of their own, never
///    inside a oneDNN matrix kernel (signal_thread.h).
void prepare_training_process(char** argv, int threads = 0);

/// The OpenMP wait policy for a process of `threads` threads (0 = all of `cores`) when
/// `idle_cores` cores are idle: "ACTIVE" if they fit, else "PASSIVE".
const char* omp_wait_policy_for(int threads, int cores, double idle_cores);

/// Cores idle now: the idle share of each CPU this process may run on (its affinity mask) in
/// /proc/stat over `seconds`, summed; 0 when /proc/stat cannot be read.
double idle_cores_now(double seconds);

/// Parses argv, sets up logging, loads the configuration `stage` runs with (load_stage_config:
/// defaults, DIR/config.yaml for the later stages, preset, overrides), prints it and returns 0
/// under --print-config, else returns body(config). Errors become "TOOL: error: message" on
/// stderr: exit 1, or 2 for a bad command line; `body` may return another code.
int run_stage_tool(CLI::App& app, const CommonOptions& options, Stage stage, int argc, char** argv,
                   const std::function<int(const Config&)>& body);

}  // namespace ff
