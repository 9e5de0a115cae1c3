// Bring your own model: the compute-optimal width of an MLP regressor (not a GPT) learning a
// teacher network, found with ff::find_optimal. Mock mode by default (losses from a known law,
// seconds); --real trains every run with LibTorch on this machine (about a minute on 2 cores).
//   custom_model [--real] [--out DIR] [key.path=value ...]
#include <iostream>

#include <CLI/CLI.hpp>

#include "ff/flops_fit.h"
#include "mlp_teacher.h"

int main(int argc, char** argv) {
  ff::start_signal_thread();  // before any thread: signals are handled on it, never in a kernel
  bool real = false;
  std::string out = "sweeps/custom-model";
  std::vector<std::string> overrides;
  CLI::App app{"Find the compute-optimal width of an MLP regressor with ff::find_optimal.", "custom_model"};
  app.add_flag("--real", real, "train every run with LibTorch instead of the mock law");
  app.add_option("--out", out, "sweep folder")->capture_default_str();
  app.add_option("overrides", overrides, "configuration overrides key.path=value, e.g. sizes.num=5");
  CLI11_PARSE(app, argc, argv);
  ff::setup_logging(0);  // progress on stderr, results on stdout

  ff::Options options;
  options.out_dir = out;
  options.mode = real ? "local" : "mock";
  // Budgets in FLOPs (C = 6 N D, D in samples). The grid's centre (prior.tokens_per_param) differs:
  // the mock law is Chinchilla's, for language models, while this regression task wants ~300
  // samples per parameter at these budgets.
  options.overrides = {"sizes.num=5", "sizes.span=16", "train.batch_size=64", "train.lr=3e-3",
                       "train.weight_decay=0.0", "train.threads=1", "analyze.predict=[1e11, 1e12]"};
  options.overrides.push_back(real ? "compute.budgets=[1e8, 3e8, 1e9, 3e9]" : "compute.budgets=[1e9, 3e9, 1e10, 3e10]");
  options.overrides.push_back(real ? "prior.tokens_per_param=300" : "prior.tokens_per_param=5");
  options.overrides.insert(options.overrides.end(), overrides.begin(), overrides.end());
  options.plot = true;
  try {
    const ff::Result result = ff::find_optimal(mlp_teacher::make_mlp, mlp_teacher::widths(),
                                               std::make_shared<mlp_teacher::TeacherData>(), ff::losses::mse, options);
    std::cout << result.chinchilla_table();
    const ff::Prediction p = result.predict(1e11);
    std::cout << "\nat 1e11 FLOPs: " << p.n_params << " parameters trained on " << p.tokens << " samples\n";
  } catch (const ff::Error& e) {
    std::cerr << "custom_model: error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
