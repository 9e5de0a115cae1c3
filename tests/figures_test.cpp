// ff-plot's figures from a typed analysis and the runs' curves: which figures each analysis
// supports, that gnuplot draws them (contour lines, bands, residuals and the envelope included),
// that each kept .gp script redraws its figure on its own, and the errors when gnuplot is missing
// or fails.
#include "ff/plot/figures.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/io/curve_file.h"
#include "ff/plot/gnuplot.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

const char* const kFigures[] = {"isoflop", "scaling", "curves", "contours", "residuals", "rollout"};

std::vector<std::string> names(const std::vector<fs::path>& images) {
  std::vector<std::string> out;
  for (const auto& p : images) out.push_back(p.filename().string());
  return out;
}

PlotSettings png_only() {
  PlotSettings s;
  s.formats = {"png"};
  return s;
}

// The mock sweep's analysis with every approach fitted (a small bootstrap for the bands).
struct MockAnalysis {
  testing::MockSweep sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
  Analysis analysis;
  MockAnalysis() {
    AnalyzeSettings s;
    s.bootstrap = 30;
    s.parametric_starts = testing::few_parametric_starts();
    analysis = analyze(sweep.runs, s, sweep.curves);
  }
};

const MockAnalysis& mock() {
  static const MockAnalysis m;
  return m;
}

bool has_gnuplot() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

#define REQUIRE_GNUPLOT() \
  if (!has_gnuplot()) GTEST_SKIP() << "gnuplot is not on PATH"

// Runs `command` in `dir` through the shell; its exit status.
int run_in(const fs::path& dir, const std::string& command) {
  return std::system(("cd '" + dir.string() + "' && " + command + " >/dev/null 2>&1").c_str());
}

TEST(Figures, MockSweepGetsEveryFigureInEveryFormat) {
  REQUIRE_GNUPLOT();
  testing::TempDir dir;
  const fs::path out = dir.path() / "plots";
  const auto images = plot_all(mock().analysis, mock().sweep.curves, out, PlotSettings{});
  EXPECT_EQ(names(images), (std::vector<std::string>{"isoflop.png", "isoflop.svg", "scaling.png", "scaling.svg",
                                                     "curves.png", "curves.svg", "contours.png", "contours.svg",
                                                     "residuals.png", "residuals.svg", "rollout.png", "rollout.svg"}));
  for (const std::string figure : kFigures) {
    EXPECT_EQ(read_file(out / (figure + ".png")).substr(0, 4), "\x89PNG") << figure;
    EXPECT_GT(fs::file_size(out / (figure + ".png")), 10000u) << figure;
    EXPECT_NE(read_file(out / (figure + ".svg")).find("<svg"), std::string::npos) << figure;
    EXPECT_GT(fs::file_size(out / (figure + ".dat")), 0u) << figure;
    EXPECT_FALSE(fs::exists(out / (figure + ".gp.log"))) << figure;  // kept only when gnuplot fails
  }
  EXPECT_GT(fs::file_size(out / "contours_lines.dat"), 1000u);  // gnuplot traced the contours
  EXPECT_NE(read_file(out / "scaling.gp").find("filledcurves"), std::string::npos);  // the bootstrap bands
  const std::string curves = read_file(out / "curves.gp");
  EXPECT_NE(curves.find("envelope (Approach 1)"), std::string::npos);
  std::size_t drawn = 0, runs = 0;  // a line per run of an IsoFLOP budget (each has a curve)
  for (auto at = curves.find("with lines lw 1.5"); at != std::string::npos; at = curves.find("with lines lw 1.5", at + 1)) ++drawn;
  for (const auto& b : mock().analysis.isoflop.budgets) runs += b.runs.size();
  EXPECT_EQ(drawn, 2 * runs);  // the body is drawn once per format
}

TEST(Figures, CurvesFigureNeedsTheRunsCurves) {
  REQUIRE_GNUPLOT();
  testing::TempDir dir;
  const auto images = plot_all(mock().analysis, {}, dir.path() / "plots", png_only());
  EXPECT_EQ(names(images),
            (std::vector<std::string>{"isoflop.png", "scaling.png", "contours.png", "residuals.png", "rollout.png"}));
  EXPECT_FALSE(fs::exists(dir.path() / "plots" / "curves.gp"));
}

TEST(Figures, ParametricOnlyAnalysisGetsItsFigures) {
  REQUIRE_GNUPLOT();
  testing::TempDir dir;
  auto runs = testing::mock_sweep(LossLaw{}, 0.002, 1).runs;
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i].compute_budget *= 1.0 + 0.03 * i;  // no IsoFLOP groups
  AnalyzeSettings s;
  s.bootstrap = 0;
  s.parametric_starts = testing::few_parametric_starts();
  const Analysis a = analyze(runs, s);
  ASSERT_FALSE(a.isoflop.fitted);
  const auto images = plot_all(a, {}, dir.path() / "plots", png_only());
  EXPECT_EQ(names(images), (std::vector<std::string>{"scaling.png", "contours.png", "residuals.png"}));
}

TEST(Figures, EachScriptRedrawsItsFigureOnItsOwn) {
  REQUIRE_GNUPLOT();
  testing::TempDir dir;
  const fs::path out = dir.path() / "plots";
  plot_all(mock().analysis, mock().sweep.curves, out, png_only());
  for (const std::string figure : kFigures) {
    const fs::path image = out / (figure + ".png");
    const std::string drawn = read_file(image);
    EXPECT_EQ(read_file(out / (figure + ".gp")).rfind("# " + figure + ": written by ff-plot", 0), 0u) << figure;
    fs::remove(image);
    ASSERT_EQ(run_in(out, "gnuplot " + figure + ".gp"), 0) << figure;  // from the plots folder
    ASSERT_TRUE(fs::exists(image)) << figure;
    EXPECT_EQ(read_file(image), drawn) << figure;
    fs::remove(image);
    ASSERT_EQ(run_in(dir.path(), "gnuplot plots/" + figure + ".gp"), 0) << figure;  // from the sweep folder
    EXPECT_EQ(read_file(image), drawn) << figure;
  }
}

TEST(Figures, MissingGnuplotIsOneErrorNamingTheKeyAndWritesNothing) {
  testing::TempDir dir;
  for (const std::string program : {"/nonexistent/gnuplot", "ff-no-such-gnuplot"}) {
    PlotSettings s = png_only();
    s.gnuplot = program;
    const std::string error =
        testing::error_of([&] { plot_all(mock().analysis, mock().sweep.curves, dir.path() / "plots", s); });
    EXPECT_EQ(error.rfind("plot.gnuplot: cannot run '" + program + "'", 0), 0u) << error;
    EXPECT_NE(error.find("apt-get install gnuplot-nox"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    EXPECT_FALSE(fs::exists(dir.path() / "plots")) << program;
  }
}

TEST(Figures, GnuplotFailingOnAScriptIsOneErrorNamingTheScript) {
  testing::TempDir dir;
  // A stand-in that fails as gnuplot does on a bad line of the script it is asked to load.
  const fs::path fake = dir.file("fake-gnuplot", "#!/bin/sh\necho 'warning: line 2: ignored' >&2\n"
                                                 "echo '\"isoflop.gp\" line 7: invalid command' >&2\nexit 1\n");
  fs::permissions(fake, fs::perms::owner_all);
  PlotSettings s = png_only();
  s.gnuplot = fake.string();
  const fs::path out = dir.path() / "plots";
  const std::string error = testing::error_of([&] { plot_all(mock().analysis, mock().sweep.curves, out, s); });
  EXPECT_EQ(error, (out / "isoflop.gp").string() + ": gnuplot failed (line 7: invalid command); see " +
                       (out / "isoflop.gp.log").string());
  EXPECT_TRUE(fs::exists(out / "isoflop.gp.log"));
}

TEST(Figures, GnuplotErrorIsQuotedWithItsLine) {
  REQUIRE_GNUPLOT();
  testing::TempDir dir;
  const fs::path script = dir.file("bad.gp", "# a figure\nset grid\nplot 'missing.dat' using 1:2 with lines\n");
  const std::string error = testing::error_of([&] { run_gnuplot("gnuplot", script); });
  EXPECT_EQ(error, script.string() + ": gnuplot failed (line 3: No data in plot); see " + script.string() + ".log");
  EXPECT_NE(read_file(script.string() + ".log").find("missing.dat"), std::string::npos);  // its warning, kept
  run_gnuplot("gnuplot", dir.file("good.gp", "set grid\n"));
  EXPECT_FALSE(fs::exists(dir.path() / "good.gp.log"));  // kept only when gnuplot fails
}

TEST(Figures, ProgramThatDrawsNothingIsAnError) {
  testing::TempDir dir;
  PlotSettings s = png_only();
  s.gnuplot = "true";  // runs, succeeds, writes no image
  const fs::path out = dir.path() / "plots";
  const std::string error = testing::error_of([&] { plot_all(mock().analysis, mock().sweep.curves, out, s); });
  EXPECT_EQ(error, (out / "isoflop.gp").string() + ": plot.gnuplot ('true') ran it but wrote no " +
                       (out / "isoflop.png").string());
}

}  // namespace
}  // namespace ff
