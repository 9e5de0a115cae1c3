// analysis.json: the fields users' scripts read, and the typed round trip (write -> read -> write
// gives the same bytes and the same record); missing fields and other schema versions are errors.
#include "ff/io/analysis_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>

#include "ff/common/fs.h"
#include "ff/fit/analysis.h"
#include "mock_sweep.h"
#include "temp_dir.h"

namespace ff {
namespace {

using nlohmann::json;

// A real analysis: the mock sweep with curves, a small bootstrap and the hold-out check.
const Analysis& mock_analysis() {
  static const Analysis analysis = [] {
    const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
    AnalyzeSettings s;
    s.bootstrap = 40;
    s.predict = {1e20, 1e22};
    s.parametric_starts = testing::few_parametric_starts();
    return analyze(sweep.runs, s, sweep.curves, "sweep/results.csv");
  }();
  return analysis;
}

// Equal, or both NaN (how a value that could not be computed is held).
void expect_same(double x, double y, const std::string& what) {
  if (std::isnan(x) && std::isnan(y)) return;
  EXPECT_EQ(x, y) << what;
}

void expect_same(const Bounds& x, const Bounds& y, const std::string& what) {
  expect_same(x.lo, y.lo, what + ".lo");
  expect_same(x.hi, y.hi, what + ".hi");
}

void expect_same(const PowerLaw& x, const PowerLaw& y, const std::string& what) {
  expect_same(x.coefficient, y.coefficient, what + ".coefficient");
  expect_same(x.exponent, y.exponent, what + ".exponent");
  expect_same(x.exponent_se, y.exponent_se, what + ".exponent_se");
  expect_same(x.log_coefficient_se, y.log_coefficient_se, what + ".log_coefficient_se");
  expect_same(x.r2, y.r2, what + ".r2");
  EXPECT_EQ(x.n_points, y.n_points) << what;
}

void expect_same(const Frontier& x, const Frontier& y, const std::string& what) {
  expect_same(x.n_opt, y.n_opt, what + ".n_opt");
  expect_same(x.d_opt, y.d_opt, what + ".d_opt");
  ASSERT_EQ(x.loss_fitted, y.loss_fitted) << what;
  if (!x.loss_fitted) return;
  expect_same(x.loss_opt.offset, y.loss_opt.offset, what + ".loss_opt.E");
  expect_same(x.loss_opt.power.coefficient, y.loss_opt.power.coefficient, what + ".loss_opt.coefficient");
  expect_same(x.loss_opt.power.exponent, y.loss_opt.power.exponent, what + ".loss_opt.exponent");
  expect_same(x.loss_opt.power.r2, y.loss_opt.power.r2, what + ".loss_opt.r2");
  EXPECT_EQ(x.loss_opt.power.n_points, y.loss_opt.power.n_points) << what;
}

void expect_same(const Prediction& x, const Prediction& y, const std::string& what) {
  EXPECT_EQ(x.approach, y.approach) << what;
  expect_same(x.compute_budget, y.compute_budget, what + ".compute_budget");
  expect_same(x.n_params, y.n_params, what + ".n_params");
  expect_same(x.tokens, y.tokens, what + ".tokens");
  expect_same(x.tokens_per_param, y.tokens_per_param, what + ".tokens_per_param");
  expect_same(x.loss, y.loss, what + ".loss");
  expect_same(x.n_params_interval, y.n_params_interval, what + ".n_params_interval");
  expect_same(x.tokens_interval, y.tokens_interval, what + ".tokens_interval");
  expect_same(x.loss_interval, y.loss_interval, what + ".loss_interval");
}

void expect_same(const std::vector<Prediction>& x, const std::vector<Prediction>& y, const std::string& what) {
  ASSERT_EQ(x.size(), y.size()) << what;
  for (size_t i = 0; i < x.size(); ++i) expect_same(x[i], y[i], what + "[" + std::to_string(i) + "]");
}

void expect_same(const Observation& x, const Observation& y, const std::string& what) {
  EXPECT_EQ(x.run_id, y.run_id) << what;
  expect_same(x.n_params, y.n_params, what + ".n_params");
  expect_same(x.tokens, y.tokens, what + ".tokens");
  expect_same(x.final_loss, y.final_loss, what + ".final_loss");
}

void expect_same_report(const ApproachReport& x, const ApproachReport& y) {
  const std::string what = approach_name(x.approach);
  EXPECT_EQ(x.approach, y.approach);
  ASSERT_EQ(x.fitted, y.fitted) << what;
  EXPECT_EQ(x.reason, y.reason) << what;
  if (x.fitted) expect_same(x.law, y.law, what);
  EXPECT_EQ(x.uncertainty.replicates, y.uncertainty.replicates) << what;
  EXPECT_EQ(x.uncertainty.succeeded, y.uncertainty.succeeded) << what;
  expect_same(x.uncertainty.level, y.uncertainty.level, what + ".level");
  ASSERT_EQ(x.uncertainty.intervals.size(), y.uncertainty.intervals.size()) << what;
  for (const NamedBounds& b : x.uncertainty.intervals) {
    expect_same(b.bounds, y.uncertainty.interval(b.name), what + ".intervals." + b.name);
  }
  expect_same(x.uncertainty.band, y.uncertainty.band, what + ".band");
  ASSERT_EQ(x.holdout.done, y.holdout.done) << what;
  if (x.holdout.done) {
    expect_same(x.holdout.predicted, y.holdout.predicted, what + ".holdout");
    expect_same(x.holdout.n_error, y.holdout.n_error, what + ".holdout.n_opt_error");
    expect_same(x.holdout.d_error, y.holdout.d_error, what + ".holdout.d_opt_error");
    expect_same(x.holdout.loss_error, y.holdout.loss_error, what + ".holdout.loss_error");
  } else {
    EXPECT_EQ(x.holdout.reason, y.holdout.reason) << what;
  }
  expect_same(x.predictions, y.predictions, what + ".predictions");
}

void expect_same_details(const Analysis& x, const Analysis& y) {
  EXPECT_EQ(x.envelope.n_curves, y.envelope.n_curves);
  ASSERT_EQ(x.envelope.points.size(), y.envelope.points.size());
  for (size_t i = 0; i < x.envelope.points.size(); ++i) {
    const EnvelopePoint &p = x.envelope.points[i], &q = y.envelope.points[i];
    EXPECT_EQ(std::tie(p.flops, p.n_params, p.tokens, p.loss, p.run_id), std::tie(q.flops, q.n_params, q.tokens, q.loss, q.run_id));
  }
  ASSERT_EQ(x.isoflop.budgets.size(), y.isoflop.budgets.size());
  for (size_t i = 0; i < x.isoflop.budgets.size(); ++i) {
    const BudgetProfile &b = x.isoflop.budgets[i], &c = y.isoflop.budgets[i];
    EXPECT_EQ(std::tie(b.compute_budget, b.n_runs, b.used, b.reason, b.n_min, b.n_max, b.n_opt, b.d_opt, b.loss_opt),
              std::tie(c.compute_budget, c.n_runs, c.used, c.reason, c.n_min, c.n_max, c.n_opt, c.d_opt, c.loss_opt));
    EXPECT_EQ(std::tie(b.parabola.c0, b.parabola.c1, b.parabola.c2), std::tie(c.parabola.c0, c.parabola.c1, c.parabola.c2));
    ASSERT_EQ(b.runs.size(), c.runs.size());
    for (size_t k = 0; k < b.runs.size(); ++k) expect_same(b.runs[k], c.runs[k], "budget run");
  }
  const ParametricFit &f = x.parametric.fit, &g = y.parametric.fit;
  EXPECT_EQ(x.parametric.n_dropped, y.parametric.n_dropped);
  EXPECT_EQ(std::tie(f.E, f.A, f.B, f.alpha, f.beta, f.objective, f.n_points),
            std::tie(g.E, g.A, g.B, g.alpha, g.beta, g.objective, g.n_points));
  ASSERT_EQ(x.parametric.runs.size(), y.parametric.runs.size());
  for (size_t k = 0; k < x.parametric.runs.size(); ++k) {
    expect_same(x.parametric.runs[k], y.parametric.runs[k], "parametric run");
    EXPECT_EQ(x.parametric.runs[k].compute_budget, y.parametric.runs[k].compute_budget);
  }
}

void expect_same_rollout(const Rollout& x, const Rollout& y) {
  EXPECT_EQ(x.reason, y.reason);
  for (Approach k : kAllApproaches) {
    const std::string what = std::string("rollout.") + approach_name(k);
    ASSERT_EQ(x.of(k).size(), y.of(k).size()) << what;
    for (size_t i = 0; i < x.of(k).size(); ++i) {
      const RolloutStep &s = x.of(k)[i], &t = y.of(k)[i];
      EXPECT_EQ(std::tie(s.largest_fitted, s.extrapolation, s.n_fitted_budgets, s.reference.ok, s.reference.compute_budget,
                         s.reference.n_fitted, s.reference.n_held_out, s.reference.n_opt, s.reference.d_opt,
                         s.reference.loss, s.reference.loss_run_id, s.check.done, s.check.reason),
                std::tie(t.largest_fitted, t.extrapolation, t.n_fitted_budgets, t.reference.ok, t.reference.compute_budget,
                         t.reference.n_fitted, t.reference.n_held_out, t.reference.n_opt, t.reference.d_opt,
                         t.reference.loss, t.reference.loss_run_id, t.check.done, t.check.reason))
          << what << "[" << i << "]";
      expect_same(s.check.predicted, t.check.predicted, what + ".predicted");
      expect_same(s.check.n_error, t.check.n_error, what + ".n_error");
      expect_same(s.check.d_error, t.check.d_error, what + ".d_error");
      expect_same(s.check.loss_error, t.check.loss_error, what + ".loss_error");
    }
  }
}

TEST(AnalysisFile, KeepsTheFieldsScriptsRead) {
  const json j = to_json(mock_analysis());
  const auto& iso = j["approaches"]["isoflop"];
  EXPECT_TRUE(iso["a"].is_number());
  EXPECT_TRUE(iso["b"].is_number());
  EXPECT_EQ(iso["budgets"].size(), 5u);
  const auto& par = j["approaches"]["parametric"];
  for (const char* key : {"E", "A", "B", "alpha", "beta", "a", "b", "G", "objective"}) {
    EXPECT_TRUE(par[key].is_number()) << key;
  }
  for (const char* key : {"E", "A", "B", "alpha", "beta", "a", "b"}) {
    ASSERT_TRUE(par["intervals"][key].is_array()) << key;
    EXPECT_LT(par["intervals"][key][0].get<double>(), par["intervals"][key][1].get<double>()) << key;
  }
  EXPECT_EQ(par["bootstrap"]["replicates"], 40);
  EXPECT_EQ(j["approaches"]["envelope"]["n_curves"], 35);
  EXPECT_EQ(j["predictions"].size(), 6u);
  for (const auto& p : j["predictions"]) {
    for (const char* key : {"approach", "compute_budget", "n_params", "tokens", "loss", "n_params_interval"}) {
      EXPECT_TRUE(p.contains(key)) << key;
    }
  }
  EXPECT_TRUE(j["holdout"]["done"].get<bool>());
  EXPECT_TRUE(iso["holdout"]["n_opt_error"].is_number());
  EXPECT_EQ(j["rollout"]["parametric"].size(), 3u);  // budgets 3, 4 and 5 of 5
  EXPECT_TRUE(j["rollout"]["isoflop"][0]["prediction"]["n_opt_error"].is_number());
  EXPECT_EQ(j["settings"]["parametric_method"], "vpnls");
  EXPECT_EQ(j["schema_version"], kAnalysisSchemaVersion);
  EXPECT_EQ(j["results"], "sweep/results.csv");
}

TEST(AnalysisFile, WriteReadWriteIsByteIdentical) {
  testing::TempDir dir;
  write_analysis(mock_analysis(), dir / "analysis.json");
  const Analysis back = read_analysis(dir / "analysis.json");
  write_analysis(back, dir / "again.json");
  EXPECT_EQ(read_file(dir / "analysis.json"), read_file(dir / "again.json"));
}

TEST(AnalysisFile, ReadBackRestoresEveryTypedField) {
  const Analysis& a = mock_analysis();
  const Analysis b = analysis_from_json(json::parse(to_json(a).dump()), "analysis.json");
  EXPECT_EQ(b.results_source, a.results_source);
  EXPECT_EQ(b.n_runs, a.n_runs);
  EXPECT_EQ(b.settings.budget_tolerance, a.settings.budget_tolerance);
  EXPECT_EQ(b.settings.min_sizes, a.settings.min_sizes);
  EXPECT_EQ(b.settings.huber_delta, a.settings.huber_delta);
  EXPECT_EQ(b.settings.drop_highest_losses, a.settings.drop_highest_losses);
  EXPECT_EQ(b.settings.bootstrap, a.settings.bootstrap);
  EXPECT_EQ(b.settings.seed, a.settings.seed);
  EXPECT_EQ(b.settings.level, a.settings.level);
  EXPECT_EQ(b.settings.predict, a.settings.predict);
  EXPECT_EQ(b.settings.parametric_method, a.settings.parametric_method);
  expect_same_rollout(a.rollout, b.rollout);
  for (Approach k : kAllApproaches) expect_same_report(a.report(k), b.report(k));
  expect_same_details(a, b);
  EXPECT_EQ(std::tie(b.holdout.ok, b.holdout.reason, b.holdout.compute_budget, b.holdout.n_held_out, b.holdout.n_fitted,
                     b.holdout.n_opt, b.holdout.d_opt, b.holdout.loss, b.holdout.loss_run_id),
            std::tie(a.holdout.ok, a.holdout.reason, a.holdout.compute_budget, a.holdout.n_held_out, a.holdout.n_fitted,
                     a.holdout.n_opt, a.holdout.d_opt, a.holdout.loss, a.holdout.loss_run_id));
  expect_same(a.predictions, b.predictions, "predictions");
  EXPECT_EQ(b.warnings, a.warnings);
  EXPECT_EQ(b.preferred(), a.preferred());
}

TEST(AnalysisFile, SkippedApproachesRoundTrip) {
  const auto sweep = testing::mock_sweep(LossLaw{}, 0.002, 1);
  AnalyzeSettings s;
  s.bootstrap = 0;
  s.predict = {1e21};
  s.parametric_starts = testing::few_parametric_starts();
  const Analysis a = analyze(sweep.runs, s, {});  // no curves: the envelope is skipped
  const json j = to_json(a);
  const Analysis b = analysis_from_json(j, "analysis.json");
  EXPECT_FALSE(b.report(Approach::kEnvelope).fitted);
  EXPECT_EQ(b.report(Approach::kEnvelope).reason, a.report(Approach::kEnvelope).reason);
  for (Approach k : kAllApproaches) expect_same_report(a.report(k), b.report(k));
  EXPECT_EQ(to_json(b).dump(2), j.dump(2));
}

TEST(AnalysisFile, UnknownFieldsAreIgnored) {
  json j = to_json(mock_analysis());
  j["added_later"] = {{"x", 1}};
  j["approaches"]["isoflop"]["budgets"][0]["note"] = "hand-edited";
  EXPECT_EQ(to_json(analysis_from_json(j, "analysis.json")).dump(), to_json(mock_analysis()).dump());
}

TEST(AnalysisFile, MissingFieldNamesTheFileAndTheField) {
  json j = to_json(mock_analysis());
  j["approaches"]["isoflop"]["budgets"][2].erase("n_opt");
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "out/analysis.json"); }),
            "out/analysis.json: missing field 'approaches.isoflop.budgets[2].n_opt'");
  j = to_json(mock_analysis());
  j.erase("warnings");
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "out/analysis.json"); }),
            "out/analysis.json: missing field 'warnings'");
  j = to_json(mock_analysis());
  j["approaches"]["parametric"]["fitted"] = "yes";
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "out/analysis.json"); }),
            "out/analysis.json: field 'approaches.parametric.fitted' has the wrong type (\"yes\")");
}

// analysis.json saved again by an editor: a byte-order mark, CRLF line ends and a comment.
TEST(AnalysisFile, EditorSavedFileIsRead) {
  testing::TempDir dir;
  std::string text = to_json(mock_analysis()).dump(2);
  std::string crlf = "\xEF\xBB\xBF// edited by hand\r\n";
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  dir.file("analysis.json", crlf);
  EXPECT_EQ(to_json(read_analysis(dir / "analysis.json")).dump(), to_json(mock_analysis()).dump());
}

TEST(AnalysisFile, OutOfRangeIntegersAreErrors) {
  json j = to_json(mock_analysis());
  j["settings"]["seed"] = -1;
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "a.json"); }),
            "a.json: field 'settings.seed' must be a whole number from 0 to 18446744073709551615, not -1");
  j = to_json(mock_analysis());
  j["n_runs"] = 1e10;
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "a.json"); }),
            "a.json: field 'n_runs' must be a whole number from -2147483648 to 2147483647, not 10000000000.0");
}

TEST(AnalysisFile, OtherSchemaVersionIsRefused) {
  testing::TempDir dir;
  json j = to_json(mock_analysis());
  j["schema_version"] = 2;
  dir.file("analysis.json", j.dump(2));
  EXPECT_EQ(testing::error_of([&] { read_analysis(dir / "analysis.json"); }),
            (dir / "analysis.json") + ": schema_version 2 is not supported (expected 1; hint: run ff-analyze again to "
                                      "rewrite it)");
  j.erase("schema_version");
  EXPECT_EQ(testing::error_of([&] { analysis_from_json(j, "a.json"); }), "a.json: missing field 'schema_version'");
  EXPECT_NE(testing::error_of([&] { read_analysis(dir / "none.json"); }).find("run ff-analyze first"), std::string::npos);
}

}  // namespace
}  // namespace ff
