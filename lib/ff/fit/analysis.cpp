// ff-analyze's fits and analysis.json (see analysis.h).
#include "ff/fit/analysis.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/json_file.h"

namespace ff {

using nlohmann::json;

AnalyzeSettings read_analyze_settings(const Config& c) {
  AnalyzeSettings s;
  s.predict = c.get_doubles("analyze.predict");
  for (double b : s.predict) {
    if (!(b > 0) || !std::isfinite(b)) c.fail_at("analyze.predict", "must hold positive FLOP counts");
  }
  s.budget_tolerance = c.get_double("analyze.budget_tolerance");
  if (!(s.budget_tolerance >= 0 && s.budget_tolerance < 0.5)) c.fail_at("analyze.budget_tolerance", "must lie in [0, 0.5)");
  s.min_sizes = static_cast<int>(c.get_int("analyze.min_sizes"));
  if (s.min_sizes < 3) c.fail_at("analyze.min_sizes", "must be at least 3: a parabola needs 3 sizes");
  return s;
}

Analysis analyze(const std::vector<Observation>& runs, const AnalyzeSettings& s, const std::string& source) {
  Analysis a;
  a.results_source = source;
  a.n_runs = static_cast<int>(runs.size());
  a.isoflop = fit_isoflop(runs, s.budget_tolerance, s.min_sizes, &a.warnings);
  check(a.isoflop.fitted, "{}: no scaling law could be fitted: {}{}", source, a.isoflop.reason,
        a.warnings.empty() ? "" : " (" + a.warnings.front() + ")");
  for (double c : s.predict) {
    Prediction p;
    p.approach = "isoflop";
    p.compute_budget = c;
    p.n_params = a.isoflop.n_opt(c);
    p.tokens = a.isoflop.d_opt(c);
    p.tokens_per_param = p.tokens / p.n_params;
    p.loss = a.isoflop.loss_fitted ? a.isoflop.loss_opt(c) : std::nan("");
    a.predictions.push_back(p);
  }
  const double sum = a.isoflop.n_opt.exponent + a.isoflop.d_opt.exponent;
  if (std::fabs(sum - 1.0) > 0.05) {
    a.warnings.push_back(fmt::format("isoflop: a + b = {:.3f}, far from 1: N_opt D_opt does not scale like C", sum));
  }
  return a;
}

namespace {

json nullable(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json law_json(const PowerLaw& p) {
  return json{{"coefficient", p.coefficient},       {"exponent", p.exponent},
              {"exponent_se", nullable(p.exponent_se)}, {"log_coefficient_se", nullable(p.log_coefficient_se)},
              {"r2", p.r2},                           {"n_points", p.n_points}};
}

json budget_json(const BudgetProfile& b) {
  json runs = json::array();
  for (const auto& r : b.runs) {
    runs.push_back({{"run_id", r.run_id}, {"n_params", r.n_params}, {"tokens", r.tokens}, {"final_loss", r.final_loss}});
  }
  return json{{"compute_budget", b.compute_budget},
              {"n_runs", b.n_runs},
              {"used", b.used},
              {"reason", b.reason},
              {"n_min", b.n_min},
              {"n_max", b.n_max},
              {"n_opt", nullable(b.n_opt)},
              {"d_opt", nullable(b.d_opt)},
              {"loss_opt", nullable(b.loss_opt)},
              {"parabola", {{"c0", b.parabola.c0}, {"c1", b.parabola.c1}, {"c2", b.parabola.c2}}},
              {"runs", runs}};
}

}  // namespace

json to_json(const Analysis& a) {
  json budgets = json::array();
  for (const auto& b : a.isoflop.budgets) budgets.push_back(budget_json(b));
  json isoflop = {{"fitted", a.isoflop.fitted},
                  {"a", a.isoflop.n_opt.exponent},
                  {"b", a.isoflop.d_opt.exponent},
                  {"n_opt", law_json(a.isoflop.n_opt)},
                  {"d_opt", law_json(a.isoflop.d_opt)},
                  {"loss_opt", a.isoflop.loss_fitted ? json{{"E", a.isoflop.loss_opt.offset},
                                                             {"coefficient", a.isoflop.loss_opt.power.coefficient},
                                                             {"exponent", a.isoflop.loss_opt.power.exponent},
                                                             {"r2", a.isoflop.loss_opt.power.r2},
                                                             {"n_points", a.isoflop.loss_opt.power.n_points}}
                                                     : json(nullptr)},
                  {"budgets", budgets}};
  json predictions = json::array();
  for (const auto& p : a.predictions) {
    predictions.push_back({{"approach", p.approach},
                           {"compute_budget", p.compute_budget},
                           {"n_params", p.n_params},
                           {"tokens", p.tokens},
                           {"tokens_per_param", p.tokens_per_param},
                           {"loss", nullable(p.loss)}});
  }
  return json{{"schema_version", kAnalysisSchemaVersion},
              {"results", a.results_source},
              {"n_runs", a.n_runs},
              {"approaches", {{"isoflop", isoflop}}},
              {"predictions", predictions},
              {"warnings", a.warnings}};
}

json read_analysis_json(const std::filesystem::path& path) {
  const json j = read_json_file(path, "analysis", "run ff-analyze first, or pass --analysis FILE");
  check(j.is_object() && j.value("schema_version", 0) == kAnalysisSchemaVersion,
        "{}: not an analysis file of schema_version {}", path.string(), kAnalysisSchemaVersion);
  return j;
}

}  // namespace ff
