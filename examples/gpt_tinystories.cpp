// The built-in GPT on TinyStories through the library API: ff::find_optimal_gpt runs what
// ff-plan, ff-train, ff-analyze and ff-plot do. Mock mode by default (the gpt-tinystories-mock
// preset, seconds); --real trains tiny GPTs on the embedded TinyStories-like corpus with the
// byte tokenizer (a few minutes on 2 cores).
//   gpt_tinystories [--real] [--out DIR] [--preset NAME] [key.path=value ...]
#include <iostream>

#include <CLI/CLI.hpp>

#include "ff/flops_fit.h"

namespace {

// A setting small enough to train on a laptop CPU: byte tokens, 64-token context, 3 budgets.
const std::vector<std::string> kTinyReal = {
    "tokenizer.name=byte", "model.vocab_size=257", "model.seq_len=64", "model.head_size=8",
    "model.aspect_ratio=32", "compute.budgets=[1e11, 3e11, 1e12]", "sizes.num=5", "sizes.span=8",
    "train.batch_size=16", "train.lr=3e-3", "train.eval_tokens=16384", "train.threads=1",
    "data.builtin_train_tokens=2000000", "data.builtin_valid_tokens=50000", "analyze.predict=[1e13, 1e14, 1e15]"};

}  // namespace

int main(int argc, char** argv) {
  ff::start_signal_thread();  // before any thread: signals are handled on it, never in a kernel
  bool real = false;
  std::string out = "sweeps/gpt-tinystories", preset;
  std::vector<std::string> overrides;
  CLI::App app{"The GPT + TinyStories IsoFLOP sweep through ff::find_optimal_gpt.", "gpt_tinystories"};
  app.add_flag("--real", real, "train tiny GPTs with LibTorch on the embedded corpus instead of the mock law");
  app.add_option("--out", out, "sweep folder")->capture_default_str();
  app.add_option("--preset", preset, "preset (default: gpt-tinystories-mock, or none with --real)");
  app.add_option("overrides", overrides, "configuration overrides key.path=value");
  CLI11_PARSE(app, argc, argv);
  ff::setup_logging(0);

  ff::Options options;
  options.out_dir = out;
  options.preset = !preset.empty() ? preset : real ? "" : "gpt-tinystories-mock";
  options.mode = real ? "local" : "mock";
  if (real) options.overrides = kTinyReal;
  options.overrides.insert(options.overrides.end(), overrides.begin(), overrides.end());
  options.plot = true;
  try {
    const ff::Result result = ff::find_optimal_gpt(options);
    std::cout << result.chinchilla_table();
    const ff::Frontier& law = result.law();  // the preferred approach's (see chinchilla.md for all three)
    std::cout << "\n" << ff::approach_name(result.preferred()) << ": N_opt ~ C^" << law.a() << ", D_opt ~ C^"
              << law.b() << "; figures in " << (result.dir() / "plots").string() << "\n";
  } catch (const ff::Error& e) {
    std::cerr << "gpt_tinystories: error: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
