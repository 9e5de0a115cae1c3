// What the four tools share (see tool.h).
#include "ff/cli/tool.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "ff/common/error.h"
#include "ff/common/log.h"
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

void prepare_training_process(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") == nullptr && ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) == 0) {
    ::execv("/proc/self/exe", argv);  // returns only on failure: carry on with the default policy
  }
  constexpr int kMmapThreshold = 32 << 20;  // bytes: glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX)
  constexpr int kTrimThreshold = 1 << 30;   // bytes of free heap top kept before returning memory
  constexpr int kTopPad = 64 << 20;         // bytes added to each heap extension
  ::mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  ::mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
  ::mallopt(M_TOP_PAD, kTopPad);
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
