// ff-plot's figures from an analysis: which figures each analysis supports, and that gnuplot
// draws them (contour lines, bands, residuals and the envelope included).
#include "ff/plot/figures.h"

#include <gtest/gtest.h>

#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "ff/io/curve_file.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

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

TEST(Figures, MockSweepGetsEveryFigure) {
  testing::TempDir dir;
  const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
  for (const auto& c : sweep.curves) {  // runs/<run_id>/curve.csv for the curves figure
    std::vector<CurvePoint> curve;
    for (const auto& s : c.samples) {
      CurvePoint p;
      p.flops = s.flops, p.tokens = static_cast<int64_t>(s.tokens), p.eval_loss = p.train_loss = s.loss;
      curve.push_back(p);
    }
    ensure_dir(dir.path() / "runs" / c.run_id);
    write_curve(dir.path() / "runs" / c.run_id / "curve.csv", curve);
  }
  AnalyzeSettings s;
  s.bootstrap = 30;
  s.parametric_starts = testing::few_parametric_starts();
  const auto analysis = to_json(analyze(sweep.runs, s, sweep.curves));
  const auto images = plot_all(analysis, dir.path() / "runs", dir.path() / "plots", png_only());
  EXPECT_EQ(names(images), (std::vector<std::string>{"isoflop.png", "scaling.png", "curves.png", "contours.png",
                                                     "residuals.png"}));
  for (const auto& image : images) EXPECT_GT(fs::file_size(image), 10000u) << image;
  EXPECT_GT(fs::file_size(dir.path() / "plots" / "contours_lines.dat"), 1000u);  // gnuplot traced the contours
  const std::string scaling = read_file(dir.path() / "plots" / "scaling.gp");
  EXPECT_NE(scaling.find("filledcurves"), std::string::npos);  // the bootstrap bands
  EXPECT_NE(read_file(dir.path() / "plots" / "curves.gp").find("envelope (Approach 1)"), std::string::npos);
}

TEST(Figures, ParametricOnlyAnalysisGetsItsFigures) {
  testing::TempDir dir;
  auto runs = testing::mock_sweep(LossLaw{}, 0.002, 1).runs;
  for (std::size_t i = 0; i < runs.size(); ++i) runs[i].compute_budget *= 1.0 + 0.03 * i;  // no IsoFLOP groups
  AnalyzeSettings s;
  s.bootstrap = 0;
  s.parametric_starts = testing::few_parametric_starts();
  const Analysis a = analyze(runs, s);
  ASSERT_FALSE(a.isoflop.fitted);
  const auto images = plot_all(to_json(a), dir.path() / "runs", dir.path() / "plots", png_only());
  EXPECT_EQ(names(images), (std::vector<std::string>{"scaling.png", "contours.png", "residuals.png"}));
}

}  // namespace
}  // namespace ff
