// The examples in mock mode, as a user runs them: the GPT + TinyStories sweep and the custom MLP,
// each through the library API, printing the Chinchilla table and drawing the figures.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

// Runs example `name` with `args` inside `dir`; returns its exit status and stdout.
std::pair<int, std::string> run_example(const fs::path& dir, const std::string& name, const std::string& args) {
  const std::string command = "cd " + dir.string() + " && " + FF_BIN_DIR + "/" + name + " " + args +
                              " > out.txt 2> err.txt";
  const int status = std::system(command.c_str());
  return {status, read_file(dir / "out.txt")};
}

constexpr const char* kTableHeader = "| Compute (FLOPs) | Parameters | Tokens | Tokens / parameter | Expected loss |";

TEST(Examples, CustomModelMockPrintsTheTableAndDrawsTheFigures) {
  testing::TempDir dir;
  const auto [status, out] = run_example(dir.path(), "custom_model", "--out sweep analyze.bootstrap=0");
  ASSERT_EQ(status, 0) << read_file(dir.path() / "err.txt");
  EXPECT_NE(out.find(kTableHeader), std::string::npos) << out;
  EXPECT_NE(out.find("at 1e11 FLOPs: "), std::string::npos) << out;
  for (const char* file : {"plan.json", "results.csv", "analysis.json", "chinchilla.md", "plots/isoflop.png",
                           "plots/scaling.png", "plots/curves.png"}) {
    EXPECT_TRUE(fs::exists(dir.path() / "sweep" / file)) << file;
  }
  EXPECT_NE(read_file(dir.path() / "sweep/plan.json").find("\"size_name\": \"hidden\""), std::string::npos);
}

TEST(Examples, GptTinyStoriesMockPrintsTheTableAndDrawsTheFigures) {
  testing::TempDir dir;
  const auto [status, out] = run_example(dir.path(), "gpt_tinystories", "--out sweep analyze.bootstrap=0");
  ASSERT_EQ(status, 0) << read_file(dir.path() / "err.txt");
  EXPECT_NE(out.find(kTableHeader), std::string::npos) << out;
  EXPECT_NE(out.find("N_opt ~ C^0.4"), std::string::npos) << out;  // the mock law's a = 0.4516
  EXPECT_TRUE(fs::exists(dir.path() / "sweep/plots/isoflop.png"));
  EXPECT_NE(read_file(dir.path() / "sweep/plan.json").find("\"d_model\""), std::string::npos);
}

}  // namespace
}  // namespace ff
