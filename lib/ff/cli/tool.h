// What the four tools share: the common options (--dir, --preset, key=value, --print-config,
// -v/-q), the configuration layering, and one place that turns errors into one-line messages.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ff/io/config.h"

namespace ff {

struct CommonOptions {
  std::string dir = "sweep";            // the sweep directory
  std::string preset;                   // a preset name or file
  std::vector<std::string> overrides;   // key.path=value
  bool print_config = false;
  int verbose = 0;
  bool quiet = false;
};

/// Adds the common options to `app`.
void add_common_options(CLI::App& app, CommonOptions& options);

/// Defaults, then DIR/config.yaml (if `read_sweep_config` and it exists), then the preset, then
/// the overrides.
Config load_config(const CommonOptions& options, bool read_sweep_config);

/// `path` if given, else DIR/`name`.
std::filesystem::path in_dir(const CommonOptions& options, const std::string& path, const std::string& name);

/// Writes DIR/config.yaml (the effective configuration).
void write_effective_config(const CommonOptions& options, const Config& config);

/// Prepares this process for CPU training; ff-train calls it first thing in main.
/// 1. OpenMP threads sleep rather than spin while they wait (OMP_WAIT_POLICY=PASSIVE) unless the
///    user set OMP_WAIT_POLICY. libgomp reads the variable once, when it is loaded, so the
///    process re-executes itself (/proc/self/exe, same argv) with it set; if that fails it goes on
///    unchanged. Spinning made training 3-50x slower whenever other processes were busy on the
///    cores; sleeping costs 30-50% for one small model on two threads of an idle machine and
///    nothing from d_model 128 up (README, "Training speed").
/// 2. glibc malloc keeps freed memory (mallopt: blocks below 32 MiB come from the heap, and the
///    heap is not trimmed), so LibTorch's short-lived activation buffers stop costing page faults
///    (system time 1.3-1.6 s -> 0.4 s on a 7 s run).
void prepare_training_process(char** argv);

/// Parses argv, sets up logging, runs `body` and maps errors to "TOOL: error: message" on stderr:
/// exit 0 success, 1 error, 2 bad command line; `body` may return another code.
int run_tool(CLI::App& app, const CommonOptions& options, int argc, char** argv, const std::function<int()>& body);

/// run_tool for a tool that reads the configuration: loads it (load_config), prints it and returns
/// 0 under --print-config, else returns body(config).
int run_configured_tool(CLI::App& app, const CommonOptions& options, int argc, char** argv,
                        bool read_sweep_config, const std::function<int(const Config&)>& body);

}  // namespace ff
