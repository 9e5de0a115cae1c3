// ff-train's settings: train.mode, train.device and train.parametrization read into enums, and
// one-line errors naming the file, line, key and value for a value outside each set.
#include "ff/train/train_settings.h"

#include <string>

#include <gtest/gtest.h>

#include "temp_dir.h"

namespace ff {
namespace {

using testing::error_of;

TEST(TrainSettings, ReadsModeDeviceAndParametrizationIntoEnums) {
  const TrainSettings defaults = read_train_settings(Config::defaults());
  EXPECT_EQ(defaults.mode, TrainMode::kMock);
  EXPECT_EQ(defaults.local.device, Device::kAuto);
  EXPECT_EQ(defaults.parametrization, Parametrization::kSp);
  Config c = Config::defaults();
  for (const char* o : {"train.mode=local", "train.device=cuda", "train.parametrization=u-mup", "train.weight_decay=1e-4"}) {
    c.merge_override(o);
  }
  const TrainSettings s = read_train_settings(c);
  EXPECT_EQ(s.mode, TrainMode::kLocal);
  EXPECT_EQ(s.local.device, Device::kCuda);
  EXPECT_EQ(s.parametrization, Parametrization::kUMup);
  EXPECT_EQ(to_string(s.mode), "local");
  EXPECT_EQ(to_string(s.local.device), "cuda");
  EXPECT_EQ(to_string(s.parametrization), "u-mup");
}

TEST(TrainSettings, UnknownNamesAreOneLineErrorsAtTheirFileAndLine) {
  testing::TempDir dir;
  const auto message = [&](const std::string& name, const std::string& yaml) {
    Config c = Config::defaults();
    c.merge_file(dir.file(name, "# " + name + "\ntrain:\n" + yaml));
    return error_of([&] { read_train_settings(c); });
  };
  EXPECT_EQ(message("mode.yaml", "  mode: gpu\n"), dir / "mode.yaml" + ":3: train.mode (gpu) must be mock or local");
  EXPECT_EQ(message("device.yaml", "  device: tpu\n"),
            dir / "device.yaml" + ":3: train.device (tpu) must be auto, cpu or cuda");
  EXPECT_EQ(message("parametrization.yaml", "  parametrization: mup\n"),
            dir / "parametrization.yaml" + ":3: train.parametrization (mup) must be sp or u-mup");
}

TEST(TrainSettings, UMupRefusesALargeWeightDecay) {
  Config c = Config::defaults();
  c.merge_override("train.parametrization=u-mup");
  EXPECT_NE(error_of([&] { read_train_settings(c); }).find("train.weight_decay (0.1) must be at most 0.01 under u-mup"),
            std::string::npos);
}

}  // namespace
}  // namespace ff
