// What the four tools share (see tool.h).
#include "ff/cli/tool.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/log.h"

namespace ff {

namespace fs = std::filesystem;

void add_common_options(CLI::App& app, CommonOptions& o) {
  app.add_option("-d,--dir", o.dir, "sweep directory holding plan.json, results.csv, runs/, analysis.json, plots/")
      ->capture_default_str();
  app.add_option("-p,--preset", o.preset, "preset: a YAML file, or a name in presets/ (e.g. gpt-tinystories-mock)");
  app.add_option("overrides", o.overrides, "configuration overrides key.path=value, e.g. compute.flops_max=1e19");
  app.add_flag("--print-config", o.print_config, "print the effective configuration (YAML) and exit");
  app.add_flag("-v,--verbose", o.verbose, "more progress output on stderr");
  app.add_flag("-q,--quiet", o.quiet, "only warnings and errors on stderr");
}

Config load_config(const CommonOptions& o, bool read_sweep_config) {
  Config config = Config::defaults();
  const fs::path sweep_config = fs::path(o.dir) / "config.yaml";
  if (read_sweep_config && fs::is_regular_file(sweep_config)) config.merge_file(sweep_config);
  if (!o.preset.empty()) config.merge_file(find_preset(o.preset));
  for (const auto& assignment : o.overrides) config.merge_override(assignment);
  return config;
}

fs::path in_dir(const CommonOptions& o, const std::string& path, const std::string& name) {
  return path.empty() ? fs::path(o.dir) / name : fs::path(path);
}

void write_effective_config(const CommonOptions& o, const Config& config) {
  ensure_dir(o.dir);
  write_file_atomic(fs::path(o.dir) / "config.yaml",
                    "# The effective configuration of this sweep (defaults, preset, overrides), written by flops-fit.\n" +
                        config.to_yaml());
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

int run_tool(CLI::App& app, const CommonOptions& o, int argc, char** argv, const std::function<int()>& body) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << app.get_name() << ": error: " << e.what() << " (see --help)" << std::endl;
    return 2;
  }
  setup_logging(o.quiet ? -1 : o.verbose);
  try {
    return body();
  } catch (const Error& e) {
    std::cerr << app.get_name() << ": error: " << e.what() << std::endl;
    return 1;
  } catch (const std::exception& e) {
    std::cerr << app.get_name() << ": error: " << e.what() << std::endl;
    return 1;
  }
}

int run_configured_tool(CLI::App& app, const CommonOptions& o, int argc, char** argv, bool read_sweep_config,
                        const std::function<int(const Config&)>& body) {
  return run_tool(app, o, argc, argv, [&] {
    const Config config = load_config(o, read_sweep_config);
    if (o.print_config) {
      std::cout << config.to_yaml();
      return 0;
    }
    return body(config);
  });
}

}  // namespace ff
