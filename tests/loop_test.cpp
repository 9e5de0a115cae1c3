// The generic training loop on a model that is not a GPT (the examples' MLP and its teacher
// data): exact resume after a signal into the checkpoint it is given, a checkpoint of another run
// refused, the planned samples, the default AdamW groups, and a loss that is not a scalar.
#include "ff/train/loop.h"

#include <csignal>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../examples/mlp_teacher.h"
#include "ff/train/model_contract.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

LoopOptions quick_options() {
  LoopOptions o;
  o.lr = 3e-3;
  o.weight_decay = 0.0;
  o.threads = 1;
  o.device = Device::kCpu;
  o.checkpoint_interval = 20;
  return o;
}

RunOutcome train_mlp(const RunSpec& spec, const LoopOptions& o, const fs::path& checkpoint) {
  mlp_teacher::TeacherData data;
  return train_loop(spec, [] { return mlp_teacher::make_mlp(16); }, data, losses::mse, o, checkpoint);
}

TEST(Loop, CustomModelResumesExactlyAfterASignal) {
  testing::TempDir dir;
  const RunSpec spec{"mlp", 60, 32, 6.0 * 465, "mlp h16"};
  LoopOptions o = quick_options();
  const RunOutcome straight = train_mlp(spec, o, dir.path() / "straight/checkpoint.pt");
  ASSERT_EQ(straight.status, RunStatus::kOk);
  EXPECT_EQ(straight.tokens_seen, 60 * 32);  // one token per sample
  EXPECT_DOUBLE_EQ(straight.curve.back().flops, 6.0 * 465 * 60 * 32);
  EXPECT_LT(straight.final_loss, 0.5 * straight.curve.front().eval_loss);

  bool raised = false;
  o.after_step = [&](int64_t step) {
    if (step == 23 && !raised) {
      raised = true;
      std::raise(SIGTERM);
    }
  };
  const RunOutcome first = train_mlp(spec, o, dir.path() / "resumed/checkpoint.pt");
  EXPECT_EQ(first.status, RunStatus::kInterrupted);
  EXPECT_EQ(first.tokens_seen, 23 * 32);
  const RunOutcome resumed = train_mlp(spec, o, dir.path() / "resumed/checkpoint.pt");
  ASSERT_EQ(resumed.status, RunStatus::kOk);
  ASSERT_EQ(resumed.curve.size(), straight.curve.size());
  for (size_t i = 0; i < straight.curve.size(); ++i) {
    EXPECT_NEAR(resumed.curve[i].eval_loss, straight.curve[i].eval_loss, 1e-6) << i;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "resumed/checkpoint.pt"));  // removed once the run is ok
  // Another description does not resume this checkpoint.
  o.after_step = [](int64_t step) { if (step == 5) std::raise(SIGTERM); };
  ASSERT_EQ(train_mlp(spec, o, dir.path() / "other/checkpoint.pt").status, RunStatus::kInterrupted);
  RunSpec other = spec;
  other.description = "mlp h32";
  EXPECT_NE(testing::error_of([&] { train_mlp(other, quick_options(), dir.path() / "other/checkpoint.pt"); })
                .find("checkpoint belongs to another run or other options"),
            std::string::npos);
}

// The fingerprint names the run, its description and every option that changes the result; the
// threads, device and intervals do not change it, so a run may resume on another machine.
TEST(Loop, FingerprintChangesWithWhatChangesTheResult) {
  const RunSpec spec{"mlp", 60, 32, 1.0, "mlp h16"};
  const LoopOptions o = quick_options();
  const std::string base = run_fingerprint(spec, o);
  EXPECT_NE(base.find("run mlp steps 60 batch 32 | mlp h16 | lr 0.003"), std::string::npos) << base;
  LoopOptions same = o;
  same.threads = 4;
  same.device = Device::kAuto;
  same.eval_interval = 7;
  same.checkpoint_interval = 3;
  EXPECT_EQ(run_fingerprint(spec, same), base);
  RunSpec other_model = spec;
  other_model.description = "mlp h32";
  EXPECT_NE(run_fingerprint(other_model, o), base);
  for (auto change : std::vector<std::function<void(LoopOptions&)>>{
           [](LoopOptions& x) { x.lr = 1e-2; }, [](LoopOptions& x) { x.weight_decay = 0.1; },
           [](LoopOptions& x) { x.warmup_frac = 0.2; }, [](LoopOptions& x) { x.seed = 3; }}) {
    LoopOptions changed = o;
    change(changed);
    EXPECT_NE(run_fingerprint(spec, changed), base);
  }
}

TEST(Loop, RejectsALossThatIsNotAScalar) {
  testing::TempDir dir;
  mlp_teacher::TeacherData data;
  const auto squared = [](const torch::Tensor& y, const torch::Tensor& t) { return (y - t).pow(2); };
  EXPECT_EQ(testing::error_of([&] {
              train_loop({"mlp", 5, 32, 1.0, ""}, [] { return mlp_teacher::make_mlp(8); }, data, squared,
                         quick_options(), dir.path() / "checkpoint.pt");
            }),
            "run mlp: the loss function returned a tensor of shape [32, 1], not a scalar (hint: reduce it with "
            ".mean())");
}

TEST(Loop, DefaultGroupsDecayMatricesOnly) {
  mlp_teacher::Mlp mlp(8);
  const auto groups = default_param_groups(*mlp, 0.1);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].params.size(), 3u);  // the three weight matrices
  EXPECT_DOUBLE_EQ(groups[0].weight_decay, 0.1);
  EXPECT_EQ(groups[1].params.size(), 3u);  // the three biases
  EXPECT_DOUBLE_EQ(groups[1].weight_decay, 0.0);
  EXPECT_EQ(count_parameters(*mlp), 8 * 8 + 11 * 8 + 1);
  EXPECT_EQ(parameter_bytes(*mlp), 4 * count_parameters(*mlp));
}

}  // namespace
}  // namespace ff
