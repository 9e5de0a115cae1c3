// A program outside the flops-fit tree linked against the installed torch-free core only
// (flopsfit::core): it plans the mock preset's IsoFLOP sweep with the plan stage, writes each
// run's loss from Chinchilla's law L(N, D) = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022, eq. 10)
// into results.csv as a user's own trainer would, fits it with the analyze stage and prints the
// prediction table. Exits 1 on an ff::Error.
//   package_core_demo SWEEP_DIR
#include <cmath>
#include <iostream>

#include <ff/common/error.h>
#include <ff/common/log.h>
#include <ff/io/config.h>
#include <ff/io/report.h>
#include <ff/io/results_file.h>
#include <ff/pipeline/analyze_stage.h>
#include <ff/pipeline/plan_stage.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: package_core_demo SWEEP_DIR\n";
    return 2;
  }
  ff::setup_logging(0);
  try {
    ff::Config config = ff::Config::defaults();
    config.merge_file(FF_DEMO_PRESET_DIR "/gpt-tinystories-mock.yaml");
    config.merge_override("analyze.bootstrap=0");
    const ff::SweepDir dir(argv[1]);
    const ff::Plan plan = ff::run_plan_stage(dir, config);
    for (const ff::PlannedRun& run : plan.runs) {
      ff::RunResult row;
      row.run_id = run.run_id;
      row.compute_budget = run.compute_budget;
      row.n_params = run.n_params;
      row.tokens = run.tokens;
      const double n = static_cast<double>(run.n_params), d = static_cast<double>(run.tokens);
      row.final_loss = 1.69 + 406.4 / std::pow(n, 0.34) + 410.7 / std::pow(d, 0.28);
      ff::append_result(dir.results(), row);
    }
    std::cout << "core plan: " << plan.runs.size() << " runs\n";
    std::cout << ff::prediction_table(ff::run_analyze_stage(dir, config));
  } catch (const ff::Error& e) {
    std::cerr << "package_core_demo: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
