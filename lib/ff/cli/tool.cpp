// What the four tools share (see tool.h).
#include "ff/cli/tool.h"

#include <malloc.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "ff/common/error.h"
#include "ff/common/log.h"
#include "ff/common/signal_thread.h"
#include "ff/pipeline/stage_config.h"

namespace ff {

SweepDir CommonOptions::sweep() const {
  SweepDir sweep_dir(dir);
  sweep_dir.with_plan(plan).with_results(results).with_runs(runs).with_analysis(analysis).with_plots(plots);
  return sweep_dir;
}

void add_common_options(CLI::App& app, CommonOptions& o) {
  app.add_option("-d,--dir", o.dir, "sweep directory holding plan.json, results.csv, runs/, analysis.json, plots/")
      ->capture_default_str();
  app.add_option("-p,--preset", o.preset, "preset: a YAML file, or a name in presets/ (e.g. gpt-tinystories-mock)");
  app.add_option("overrides", o.overrides, "configuration overrides key.path=value, e.g. compute.flops_max=1e19");
  app.add_flag("--print-config", o.print_config, "print the effective configuration (YAML) and exit");
  app.add_flag("-v,--verbose", o.verbose, "more progress output on stderr");
  app.add_flag("-q,--quiet", o.quiet, "only warnings and errors on stderr");
}

const char* omp_wait_policy_for(int threads, int cores, double idle_cores) {
  const int wanted = threads > 0 ? threads : cores;
  return static_cast<double>(wanted) <= idle_cores + 0.25 ? "ACTIVE" : "PASSIVE";  // 0.25: sampling noise
}

namespace {

// Per CPU this process may run on (its affinity mask): (idle, total) jiffies from /proc/stat.
std::vector<std::pair<double, double>> cpu_jiffies() {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (::sched_getaffinity(0, sizeof(allowed), &allowed) != 0) return {};
  std::ifstream stat("/proc/stat");
  std::vector<std::pair<double, double>> cpus;
  std::string line;
  while (std::getline(stat, line)) {
    int cpu = -1;
    if (std::sscanf(line.c_str(), "cpu%d", &cpu) != 1 || cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &allowed)) continue;
    std::istringstream fields(line.substr(line.find(' ')));
    double value = 0.0, idle = 0.0, total = 0.0;
    for (int field = 0; field < 8 && fields >> value; ++field) {  // user nice system idle iowait irq softirq steal
      total += value;
      if (field == 3 || field == 4) idle += value;
    }
    cpus.emplace_back(idle, total);
  }
  return cpus;
}

}  // namespace

double idle_cores_now(double seconds) {
  const auto before = cpu_jiffies();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const auto after = cpu_jiffies();
  double idle_cores = 0.0;
  for (size_t i = 0; i < std::min(before.size(), after.size()); ++i) {
    const double total = after[i].second - before[i].second;
    if (total > 0.0) idle_cores += (after[i].first - before[i].first) / total;
  }
  return idle_cores;
}

void prepare_training_process(char** argv, int threads) {
  constexpr double kIdleSampleSeconds = 0.1;
  if (std::getenv("OMP_WAIT_POLICY") == nullptr) {
    const int cores = std::max(1, static_cast<int>(cpu_jiffies().size()));
    const char* policy = omp_wait_policy_for(threads, cores, idle_cores_now(kIdleSampleSeconds));
    if (::setenv("OMP_WAIT_POLICY", policy, 1) == 0) {
      ::execv("/proc/self/exe", argv);  // returns only on failure: carry on with the default policy
    }
  }
  constexpr int kTrimThreshold = 1 << 30;   // bytes of free heap top kept before returning memory
  constexpr int kTopPad = 64 << 20;         // bytes added to each heap extension
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  ::mallopt(M_TOP_PAD, kTopPad);
  ::mallopt(M_MMAP_MAX, 0);  // every block from the heap: no mapping and faulting in of 400 MB logits a step
  start_signal_thread();  // before LibTorch starts a thread: no signal lands inside a oneDNN kernel
}

int run_stage_tool(CLI::App& app, const CommonOptions& o, Stage stage, int argc, char** argv,
                   const std::function<int(const Config&)>& body) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << app.get_name() << ": error: " << e.what() << " (see --help)" << std::endl;
    return 2;
  }
  setup_logging(o.quiet ? -1 : o.verbose);
  try {
    const Config config = load_stage_config(stage, o.sweep(), ConfigRequest{o.preset, o.overrides});
    if (o.print_config) {
      std::cout << config.to_yaml();
      return 0;
    }
    return body(config);
  } catch (const std::exception& e) {  // ff::Error and anything a library let through
    std::cerr << app.get_name() << ": error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace ff
