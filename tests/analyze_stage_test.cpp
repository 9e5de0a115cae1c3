// The analyze stage on files: the Chinchilla Figure-4 data (no IsoFLOP groups, no curves: only
// Approach 3 applies) and a mock sweep directory with runs/<run_id>/curve.csv.
#include "ff/pipeline/analyze_stage.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/curve_file.h"
#include "ff/io/report.h"
#include "chinchilla_points.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

using nlohmann::json;

// tests/data/chinchilla-fig4.csv as ff-analyze's 4-column CSV: C, N, D = C / (6 N), loss.
std::string chinchilla_csv_text() {
  std::ifstream in(FF_TEST_DATA_DIR "/chinchilla-fig4.csv");
  std::string line;
  std::getline(in, line);
  const auto header = test::split_csv_line(line);
  auto column = [&](const char* name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
  const auto n_col = column("Model Size"), c_col = column("Training FLOP"), l_col = column("loss");
  std::string out = "compute_budget,n_params,tokens,final_loss\n";
  while (std::getline(in, line)) {
    const auto f = test::split_csv_line(line);
    const double n = std::stod(f.at(n_col)), c = std::stod(f.at(c_col));
    out += fmt::format("{:.17g},{:.17g},{:.17g},{}\n", c, n, c / (6 * n), f.at(l_col));
  }
  return out;
}

// Runs the stage on `dir` (its results.csv and runs/, unless `files` points them elsewhere).
json run_analyze(const testing::TempDir& dir, const std::vector<std::string>& overrides, SweepDir files,
                 std::string* summary = nullptr) {
  Config config = Config::defaults();
  for (const auto& o : overrides) config.merge_override(o);
  const Analysis analysis = run_analyze_stage(files, config);
  if (summary) *summary = analysis_summary(analysis);
  return json::parse(read_file(dir.path() / "analysis.json"));
}

TEST(AnalyzeStage, ChinchillaDataSkipsIsoflopAndFitsTheParametricLaw) {
  testing::TempDir dir;
  dir.file("chinchilla.csv", chinchilla_csv_text());
  SweepDir files(dir.path());
  files.with_results(dir / "chinchilla.csv");
  std::string summary;
  const json j = run_analyze(dir, {"analyze.drop_highest_losses=5", "analyze.bootstrap=40"}, files, &summary);
  EXPECT_EQ(j["n_runs"], 245);
  const json& iso = j["approaches"]["isoflop"];
  EXPECT_FALSE(iso["fitted"].get<bool>());
  EXPECT_TRUE(iso["a"].is_null());
  EXPECT_NE(iso["reason"].get<std::string>().find("the runs do not form IsoFLOP groups"), std::string::npos);
  const auto warnings = j["warnings"].get<std::vector<std::string>>();
  ASSERT_FALSE(warnings.empty());
  EXPECT_EQ(std::count_if(warnings.begin(), warnings.end(),
                          [](const std::string& w) { return w.rfind("isoflop: skipped: the runs do not form IsoFLOP groups", 0) == 0; }),
            1);
  EXPECT_FALSE(j["approaches"]["envelope"]["fitted"].get<bool>());
  // Approach 3 on the replication's 240 points (Besiroglu et al. 2024).
  const json& p = j["approaches"]["parametric"];
  ASSERT_TRUE(p["fitted"].get<bool>());
  EXPECT_EQ(p["n_points"], 240);
  EXPECT_EQ(p["n_dropped_highest_losses"], 5);
  EXPECT_NEAR(p["E"].get<double>(), 1.8172, 0.005);
  EXPECT_NEAR(p["alpha"].get<double>(), 0.3473, 0.003);
  EXPECT_NEAR(p["beta"].get<double>(), 0.3672, 0.005);
  EXPECT_NEAR(p["a"].get<double>(), 0.514, 0.002);
  EXPECT_LE(p["objective"].get<double>(), 1.0183e-3);
  EXPECT_TRUE(p["intervals"]["alpha"].is_array());
  EXPECT_EQ(j["predictions"].size(), 5u);
  for (const auto& q : j["predictions"]) EXPECT_EQ(q["approach"], "parametric");
  EXPECT_NE(summary.find("isoflop: skipped"), std::string::npos) << summary;
  EXPECT_NE(summary.find("parametric: N_opt ∝ C^0.51"), std::string::npos) << summary;
}

// The mock sweep as ff-train leaves it: results.csv and runs/<run_id>/curve.csv.
void write_mock_sweep_dir(const testing::TempDir& dir) {
  const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
  std::string csv = "run_id,compute_budget,n_params,tokens,final_loss,status\n";
  for (std::size_t i = 0; i < sweep.runs.size(); ++i) {
    const Observation& r = sweep.runs[i];
    csv += fmt::format("{},{:.17g},{:.17g},{:.17g},{:.17g},ok\n", r.run_id, r.compute_budget, r.n_params, r.tokens,
                       r.final_loss);
    std::vector<CurvePoint> curve;
    for (const auto& s : sweep.curves[i].samples) {
      CurvePoint p;
      p.flops = s.flops, p.tokens = static_cast<int64_t>(s.tokens), p.eval_loss = p.train_loss = s.loss;
      curve.push_back(p);
    }
    ensure_dir(dir.path() / "runs" / r.run_id);
    write_curve(dir.path() / "runs" / r.run_id / "curve.csv", curve);
  }
  dir.file("results.csv", csv);
}

TEST(AnalyzeStage, FindsTheCurvesOfTheRunsForTheEnvelope) {
  testing::TempDir dir;
  write_mock_sweep_dir(dir);
  const json j = run_analyze(dir, {"analyze.bootstrap=0"}, SweepDir(dir.path()));
  EXPECT_TRUE(j["approaches"]["envelope"]["fitted"].get<bool>());
  EXPECT_EQ(j["approaches"]["envelope"]["n_curves"], 35);
  EXPECT_NEAR(j["approaches"]["envelope"]["a"].get<double>(), 0.4516, 0.05);
  SweepDir elsewhere(dir.path());
  elsewhere.with_runs(dir / "no-such-folder");
  const json k = run_analyze(dir, {"analyze.bootstrap=0"}, elsewhere);
  EXPECT_FALSE(k["approaches"]["envelope"]["fitted"].get<bool>());
  EXPECT_EQ(k["approaches"]["envelope"]["n_curves"], 0);
}

TEST(AnalyzeStage, ReportsShowTheApproachesSideBySideWithIntervals) {
  testing::TempDir dir;
  write_mock_sweep_dir(dir);
  run_analyze(dir, {"analyze.bootstrap=30", "analyze.predict=[1e21]"}, SweepDir(dir.path()));
  const std::string md = read_file(dir.path() / "chinchilla.md");
  for (const char* text : {"## Exponents (cf. Table 2 of Hoffmann et al. 2022)", "| 1. Minimum over training curves | 0.",
                           "| 2. IsoFLOP profiles | 0.", "| 3. Parametric fit of the loss | 0.", "| 30 of 30 |",
                           "## Hold-out check", "## Rolling hold-out", "| parametric | 1e19 | 4 | 3.16x | ",
                           "| parametric | 1e21 | "}) {
    EXPECT_NE(md.find(text), std::string::npos) << text;
  }
  std::istringstream csv(read_file(dir.path() / "chinchilla.csv"));
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(header, "approach,compute_budget,n_params,n_params_lo,n_params_hi,tokens,tokens_lo,tokens_hi,"
                    "tokens_per_param,loss,loss_lo,loss_hi");
  int rows = 0;
  while (std::getline(csv, row)) {
    ++rows;
    EXPECT_EQ(std::count(row.begin(), row.end(), ','), 11) << row;
    EXPECT_EQ(row.find(",,"), std::string::npos) << row;  // every interval known
  }
  EXPECT_EQ(rows, 3);
}

}  // namespace
}  // namespace ff
