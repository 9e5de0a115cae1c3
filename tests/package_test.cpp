// The installed package: `cmake --install` of this build into a temporary prefix, then the
// out-of-tree project tests/package (find_package(flopsfit); one program on flopsfit::ff, one on
// the torch-free flopsfit::core) configured, built and run against it. Labelled slow (tests/CMakeLists.txt): it compiles a LibTorch program (about a minute on 2 cores).
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

int sh(const std::string& command, const fs::path& log) {
  return std::system((command + " >> " + log.string() + " 2>&1").c_str());
}

TEST(Package, InstallsAndBuildsAnOutOfTreeProject) {
  testing::TempDir dir;
  const fs::path prefix = dir.path() / "prefix", log = dir.path() / "log.txt";
  const std::string cmake = FF_CMAKE_COMMAND;
  const fs::path build = fs::path(FF_BIN_DIR).parent_path();
  ASSERT_EQ(sh(cmake + " --install " + build.string() + " --prefix " + prefix.string(), log), 0) << read_file(log);
  for (const char* file : {"include/ff/flops_fit.h", "include/ff/train/model_contract.h", "lib/libflopsfit.a", "lib/libflopsfit_core.a",
                           "include/ff/pipeline/sweep_dir.h",
                           "lib/cmake/flopsfit/flopsfitConfig.cmake", "lib/cmake/flopsfit/flopsfitConfigVersion.cmake",
                           "share/flops-fit/presets/gpt-tinystories-mock.yaml", "bin/ff-plan", "bin/ff-train",
                           "bin/ff-analyze", "bin/ff-plot"}) {
    EXPECT_TRUE(fs::exists(prefix / file)) << file;
  }
  const fs::path demo = dir.path() / "demo";
  ASSERT_EQ(sh(cmake + " -S " + FF_SOURCE_DIR + "/tests/package -B " + demo.string() +
                   " -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=" + prefix.string(), log), 0)
      << read_file(log);
  ASSERT_EQ(sh(cmake + " --build " + demo.string() + " -j2", log), 0) << read_file(log);
  const fs::path out = dir.path() / "out.txt";
  ASSERT_EQ(std::system(((demo / "package_demo").string() + " " + (dir.path() / "sweeps").string() + " > " +
                         out.string() + " 2>> " + log.string()).c_str()), 0) << read_file(log);
  const std::string text = read_file(out);
  EXPECT_NE(text.find("| Compute (FLOPs) | Parameters | Tokens | Tokens / parameter | Expected loss |"),
            std::string::npos) << text;
  EXPECT_NE(text.find("gpt plan: 35 runs"), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(dir.path() / "sweeps/mlp/analysis.json"));

  const fs::path core_out = dir.path() / "core.txt", ldd = dir.path() / "ldd.txt";
  ASSERT_EQ(std::system(((demo / "package_core_demo").string() + " " + (dir.path() / "core").string() + " > " +
                         core_out.string() + " 2>> " + log.string()).c_str()), 0) << read_file(log);
  const std::string core_text = read_file(core_out);
  EXPECT_NE(core_text.find("core plan: 35 runs"), std::string::npos) << core_text;
  EXPECT_NE(core_text.find("| Compute (FLOPs) | Parameters |"), std::string::npos) << core_text;
  ASSERT_EQ(sh("ldd " + (demo / "package_core_demo").string() + " > " + ldd.string(), log), 0) << read_file(log);
  EXPECT_EQ(read_file(ldd).find("libtorch"), std::string::npos) << "the core links no LibTorch:\n" << read_file(ldd);
}

}  // namespace
}  // namespace ff
