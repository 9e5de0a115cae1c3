// INTERIM: ff-plot's inputs until the typed analysis reader lands (see interim_inputs.h).
#include "ff/plot/interim_inputs.h"

#include <cmath>

#include "ff/fit/analyze_tool.h"

namespace ff {

using nlohmann::json;

namespace {

// A number, NaN where the file has null (not finite when written) or lacks the key.
double number(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() || !it->is_number() ? std::nan("") : it->get<double>();
}

Bounds bounds(const json& j) { return j.is_array() && j.size() == 2 ? Bounds{j[0].get<double>(), j[1].get<double>()} : Bounds{}; }

PowerLaw power_law(const json& j) {
  PowerLaw p;
  if (!j.is_object()) return p;
  p.coefficient = number(j, "coefficient"), p.exponent = number(j, "exponent");
  return p;
}

Prediction prediction(const json& j) {
  Prediction p;
  p.approach = j.value("approach", "");
  p.compute_budget = number(j, "compute_budget"), p.n_params = number(j, "n_params"), p.tokens = number(j, "tokens");
  p.tokens_per_param = number(j, "tokens_per_param"), p.loss = number(j, "loss");
  p.n_params_interval = bounds(j.value("n_params_interval", json()));
  p.tokens_interval = bounds(j.value("tokens_interval", json()));
  p.loss_interval = bounds(j.value("loss_interval", json()));
  return p;
}

std::vector<Prediction> predictions(const json& j) {
  std::vector<Prediction> out;
  for (const auto& p : j) out.push_back(prediction(p));
  return out;
}

Observation observation(const json& j) {
  Observation o;
  o.run_id = j.value("run_id", "");
  o.compute_budget = number(j, "compute_budget"), o.n_params = number(j, "n_params");
  o.tokens = number(j, "tokens"), o.final_loss = number(j, "final_loss");
  return o;
}

ApproachReport report(Approach approach, const json& j) {
  ApproachReport r;
  r.approach = approach;
  r.fitted = j.value("fitted", false);
  r.reason = j.value("reason", "");
  r.law.n_opt = power_law(j.value("n_opt", json()));
  r.law.d_opt = power_law(j.value("d_opt", json()));
  const json intervals = j.value("intervals", json::object());  // items() would not keep a temporary alive
  for (const auto& [name, interval] : intervals.items()) {
    r.uncertainty.intervals.push_back({name, bounds(interval)});
  }
  r.uncertainty.band = predictions(j.value("band", json::array()));
  r.predictions = predictions(j.value("predictions", json::array()));
  return r;
}

BudgetProfile budget(const json& j) {
  BudgetProfile b;
  b.compute_budget = number(j, "compute_budget");
  b.n_runs = j.value("n_runs", 0);
  b.used = j.value("used", false);
  b.reason = j.value("reason", "");
  b.n_min = number(j, "n_min"), b.n_max = number(j, "n_max");
  b.n_opt = number(j, "n_opt"), b.d_opt = number(j, "d_opt"), b.loss_opt = number(j, "loss_opt");
  const json parabola = j.value("parabola", json::object());
  b.parabola = {number(parabola, "c0"), number(parabola, "c1"), number(parabola, "c2")};
  for (const auto& r : j.value("runs", json::array())) b.runs.push_back(observation(r));
  return b;
}

void read_parametric(const json& j, ParametricResult* p) {
  p->fitted = j.value("fitted", false) && j.contains("E");
  if (!p->fitted) return;
  ParametricFit& f = p->fit;
  f.E = number(j, "E"), f.A = number(j, "A"), f.B = number(j, "B"), f.alpha = number(j, "alpha"), f.beta = number(j, "beta");
  for (const auto& r : j.value("runs", json::array())) p->runs.push_back(observation(r));
}

}  // namespace

Analysis analysis_from_json(const json& j) {
  Analysis a;
  const json approaches = j.value("approaches", json::object());
  for (Approach approach : kAllApproaches) {
    a.approaches[static_cast<int>(approach)] = report(approach, approaches.value(approach_name(approach), json::object()));
  }
  const json isoflop = approaches.value("isoflop", json::object());
  a.isoflop.fitted = a.report(Approach::kIsoflop).fitted;
  for (const auto& b : isoflop.value("budgets", json::array())) a.isoflop.budgets.push_back(budget(b));
  const json envelope = approaches.value("envelope", json::object());
  a.envelope.fitted = a.report(Approach::kEnvelope).fitted;
  for (const auto& p : envelope.value("points", json::array())) {
    a.envelope.points.push_back({number(p, "flops"), number(p, "n_params"), number(p, "tokens"), number(p, "loss"),
                                 p.value("run_id", "")});
  }
  read_parametric(approaches.value("parametric", json::object()), &a.parametric);
  a.predictions = predictions(j.value("predictions", json::array()));
  return a;
}

std::vector<RunCurve> load_budget_curves(const Analysis& analysis, const std::filesystem::path& runs_dir) {
  std::vector<Observation> runs;
  for (const BudgetProfile& b : analysis.isoflop.budgets) runs.insert(runs.end(), b.runs.begin(), b.runs.end());
  return load_run_curves(runs, runs_dir);
}

}  // namespace ff
