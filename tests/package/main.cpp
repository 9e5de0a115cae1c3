// A program outside the flops-fit tree, linked against the installed package: a one-hidden-layer
// MLP fitting y = sin(3 x), swept by width with ff::find_optimal in mock mode; then the built-in
// GPT's plan from the installed preset. Prints the table; exits 1 on an ff::Error.
//   package_demo SWEEP_DIR
#include <cmath>
#include <iostream>

#include <ff/flops_fit.h>
#include <torch/torch.h>

namespace {

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t width)
      : hidden(register_module("hidden", torch::nn::Linear(1, width))),
        out(register_module("out", torch::nn::Linear(width, 1))) {}
  torch::Tensor forward(const torch::Tensor& x) { return out(torch::tanh(hidden(x))); }  // (B, 1) -> (B, 1)
  torch::nn::Linear hidden, out;
};
TORCH_MODULE(Net);

// x on a grid that depends on the step only: deterministic batches.
class SineData : public ff::DataSource {
 public:
  int64_t tokens_per_sample() const override { return 1; }
  ff::DataBatch train_batch(int64_t step, int64_t batch_size, uint64_t) override {
    const auto x = torch::linspace(-1.0, 1.0, batch_size).view({batch_size, 1}) + 1e-3 * static_cast<double>(step % 7);
    return {x, torch::sin(3.0 * x)};
  }
  std::vector<ff::DataBatch> eval_batches(int64_t batch_size) override { return {train_batch(3, batch_size, 0)}; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: package_demo SWEEP_DIR\n";
    return 2;
  }
  ff::setup_logging(0);  // progress on stderr
  try {
    ff::Options options;
    options.out_dir = std::string(argv[1]) + "/mlp";
    options.mode = "mock";
    options.budgets = {1e8, 1e9, 1e10};
    options.overrides = {"sizes.num=5", "train.batch_size=32"};
    const ff::Result mlp = ff::find_optimal([](double w) -> ff::Model { return Net(static_cast<int64_t>(w)); },
                                            ff::SizeParameter::geometric("width", 2, 65536), std::make_shared<SineData>(),
                                            ff::losses::mse, options);
    std::cout << mlp.chinchilla_table();
    ff::Options gpt;
    gpt.out_dir = std::string(argv[1]) + "/gpt";
    gpt.preset = FF_DEMO_PRESET_DIR "/gpt-tinystories-mock.yaml";
    gpt.train = false;
    const ff::Result plan = ff::find_optimal_gpt(gpt);
    std::cout << "gpt plan: " << plan.plan().runs.size() << " runs\n";
  } catch (const ff::Error& e) {
    std::cerr << "package_demo: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
