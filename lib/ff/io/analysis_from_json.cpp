// analysis.json read back into the Analysis record (see analysis_file.h for what is restored).
#include "ff/common/error.h"
#include "ff/io/analysis_file.h"
#include "ff/io/analysis_json_parts.h"
#include "ff/io/hyper_file.h"
#include "ff/io/json_file.h"

namespace ff {

using nlohmann::json;

Bounds bounds_from(const JsonFields& j, const std::string& key) {
  const json& v = j.at(key);
  if (v.is_null()) return {};
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number()) j.wrong_type(key);
  return {v[0].get<double>(), v[1].get<double>()};
}

namespace {

PowerLaw law_from(const JsonFields& j) {
  PowerLaw p;
  p.coefficient = j.number("coefficient");
  p.exponent = j.number("exponent");
  p.exponent_se = j.number("exponent_se");
  p.log_coefficient_se = j.number("log_coefficient_se");
  p.r2 = j.number("r2");
  p.n_points = j.get<int>("n_points");
  return p;
}

// A fitted approach's n_opt, d_opt and loss_opt (null without a loss law).
Frontier frontier_from(const JsonFields& j) {
  Frontier f;
  f.n_opt = law_from(j.object("n_opt"));
  f.d_opt = law_from(j.object("d_opt"));
  f.loss_fitted = !j.at("loss_opt").is_null();
  if (!f.loss_fitted) return f;
  const JsonFields loss = j.object("loss_opt");
  f.loss_opt.offset = loss.number("E");
  f.loss_opt.power.coefficient = loss.number("coefficient");
  f.loss_opt.power.exponent = loss.number("exponent");
  f.loss_opt.power.r2 = loss.number("r2");
  f.loss_opt.power.n_points = loss.get<int>("n_points");
  return f;
}

Prediction prediction_from(const JsonFields& j) {
  Prediction p;
  p.approach = j.get<std::string>("approach");
  p.compute_budget = j.number("compute_budget");
  p.n_params = j.number("n_params");
  p.tokens = j.number("tokens");
  p.tokens_per_param = j.number("tokens_per_param");
  p.loss = j.number("loss");
  p.n_params_interval = bounds_from(j, "n_params_interval");
  p.tokens_interval = bounds_from(j, "tokens_interval");
  p.loss_interval = bounds_from(j, "loss_interval");
  return p;
}

std::vector<Prediction> predictions_from(const JsonFields& j, const std::string& key) {
  std::vector<Prediction> out;
  for (const JsonFields& p : j.objects(key)) out.push_back(prediction_from(p));
  return out;
}

// The prediction it holds is predict(law, approach, reference budget): its approach, budget and
// tokens per parameter follow from the check.
HoldoutCheck holdout_check_from(const JsonFields& j, Approach approach, const HoldoutReference& reference) {
  HoldoutCheck h;
  h.done = j.get<bool>("done");
  if (!h.done) {
    h.reason = j.get<std::string>("reason");
    return h;
  }
  h.predicted.approach = approach_name(approach);
  h.predicted.compute_budget = reference.compute_budget;
  h.predicted.n_params = j.number("n_opt");
  h.predicted.tokens = j.number("d_opt");
  h.predicted.tokens_per_param = h.predicted.tokens / h.predicted.n_params;
  h.predicted.loss = j.number("loss");
  h.n_error = j.number("n_opt_error");
  h.d_error = j.number("d_opt_error");
  h.loss_error = j.number("loss_error");
  return h;
}

Uncertainty uncertainty_from(const JsonFields& j) {
  Uncertainty u;
  const JsonFields intervals = j.object("intervals");
  for (const auto& item : intervals.raw().items()) u.intervals.push_back({item.key(), bounds_from(intervals, item.key())});
  const JsonFields bootstrap = j.object("bootstrap");
  u.replicates = bootstrap.get<int>("replicates");
  u.succeeded = bootstrap.get<int>("succeeded");
  u.level = bootstrap.number("level");
  u.band = predictions_from(j, "band");
  return u;
}

ApproachReport report_from(const JsonFields& j, Approach approach, const HoldoutReference& reference) {
  ApproachReport r;
  r.approach = approach;
  r.fitted = j.get<bool>("fitted");
  r.reason = j.get<std::string>("reason");
  if (r.fitted) r.law = frontier_from(j);
  r.uncertainty = uncertainty_from(j);
  r.holdout = holdout_check_from(j.object("holdout"), approach, reference);
  r.predictions = predictions_from(j, "predictions");
  return r;
}

// The fields an approach's detail (EnvelopeResult, IsoflopResult, ParametricResult) shares with
// its report.
template <typename Detail>
Detail detail_from(const ApproachReport& report) {
  Detail d;
  d.fitted = report.fitted;
  d.reason = report.reason;
  d.law = report.law;
  return d;
}

// One run of a budget or of the parametric fit, in the budget given.
Observation run_from(const JsonFields& r, double compute_budget) {
  return {compute_budget, r.number("n_params"), r.number("tokens"), r.number("final_loss"),
          r.get<std::string>("run_id")};
}

EnvelopeResult envelope_from(const JsonFields& j, const ApproachReport& report) {
  EnvelopeResult e = detail_from<EnvelopeResult>(report);
  e.n_curves = j.get<int>("n_curves");
  for (const JsonFields& p : j.objects("points")) {
    e.points.push_back({p.number("flops"), p.number("n_params"), p.number("tokens"), p.number("loss"),
                        p.get<std::string>("run_id")});
  }
  return e;
}

BudgetProfile budget_from(const JsonFields& j) {
  BudgetProfile b;
  b.compute_budget = j.number("compute_budget");
  b.n_runs = j.get<int>("n_runs");
  b.used = j.get<bool>("used");
  b.reason = j.get<std::string>("reason");
  const JsonFields parabola = j.object("parabola");
  b.parabola = {parabola.number("c0"), parabola.number("c1"), parabola.number("c2")};
  b.n_min = j.number("n_min");
  b.n_max = j.number("n_max");
  b.n_opt = j.number("n_opt");
  b.d_opt = j.number("d_opt");
  b.loss_opt = j.number("loss_opt");
  for (const JsonFields& r : j.objects("runs")) b.runs.push_back(run_from(r, b.compute_budget));
  return b;
}

IsoflopResult isoflop_from(const JsonFields& j, const ApproachReport& report) {
  IsoflopResult iso = detail_from<IsoflopResult>(report);
  for (const JsonFields& b : j.objects("budgets")) iso.budgets.push_back(budget_from(b));
  return iso;
}

ParametricResult parametric_from(const JsonFields& j, const ApproachReport& report) {
  ParametricResult p = detail_from<ParametricResult>(report);
  p.n_dropped = j.get<int>("n_dropped_highest_losses");
  if (!p.fitted) return p;
  ParametricFit& f = p.fit;
  f.E = j.number("E");
  f.A = j.number("A");
  f.B = j.number("B");
  f.alpha = j.number("alpha");
  f.beta = j.number("beta");
  f.objective = j.number("objective");
  f.n_points = j.get<int>("n_points");
  for (const JsonFields& r : j.objects("runs")) p.runs.push_back(run_from(r, r.number("compute_budget")));
  return p;
}

HoldoutReference holdout_from(const JsonFields& j) {
  HoldoutReference h;
  h.ok = j.get<bool>("done");
  h.reason = j.get<std::string>("reason");
  if (!h.ok) return h;
  h.compute_budget = j.number("compute_budget");
  h.n_held_out = j.get<int>("n_held_out");
  h.n_fitted = j.get<int>("n_fitted");
  const JsonFields reference = j.object("reference");
  h.n_opt = reference.number("n_opt");
  h.d_opt = reference.number("d_opt");
  h.loss = reference.number("loss");
  h.loss_run_id = reference.get<std::string>("loss_run_id");
  return h;
}

RolloutStep rollout_step_from(const JsonFields& j, Approach approach) {
  RolloutStep s;
  HoldoutReference& ref = s.reference;
  ref.compute_budget = j.number("compute_budget");
  ref.n_held_out = j.get<int>("n_runs");
  ref.n_fitted = j.get<int>("n_fitted");
  s.largest_fitted = j.number("largest_fitted");
  s.extrapolation = j.number("extrapolation");
  s.n_fitted_budgets = j.get<int>("n_fitted_budgets");
  ref.ok = j.has("reference");
  if (ref.ok) {
    const JsonFields r = j.object("reference");
    ref.n_opt = r.number("n_opt");
    ref.d_opt = r.number("d_opt");
    ref.loss = r.number("loss");
    ref.loss_run_id = r.get<std::string>("loss_run_id");
  }
  s.check = holdout_check_from(j.object("prediction"), approach, ref);
  if (!ref.ok) ref.reason = s.check.reason;
  return s;
}

// Absent in files written before the rolling hold-out: no steps.
Rollout rollout_from(const JsonFields& top) {
  Rollout r;
  if (!top.has("rollout")) return r;
  const JsonFields j = top.object("rollout");
  r.reason = j.get<std::string>("reason");
  for (Approach a : kAllApproaches) {
    for (const JsonFields& s : j.objects(approach_name(a))) r.steps[static_cast<int>(a)].push_back(rollout_step_from(s, a));
  }
  return r;
}

AnalyzeSettings settings_from(const JsonFields& j) {
  AnalyzeSettings s;
  s.budget_tolerance = j.number("budget_tolerance");
  s.min_sizes = j.get<int>("min_sizes");
  s.huber_delta = j.number("huber_delta");
  s.drop_highest_losses = j.get<int>("drop_highest_losses");
  s.bootstrap = j.get<int>("bootstrap");
  s.seed = j.get<std::uint64_t>("seed");
  s.level = j.number("level");
  // Absent in files written before VPNLS, which were all fitted from the grid.
  s.parametric_method = j.has("parametric_method")
                            ? parse_parametric_method(j.get<std::string>("parametric_method"), j.field("parametric_method"))
                            : ParametricMethod::kGrid;
  return s;
}

}  // namespace

Analysis analysis_from_json(const json& j, const std::string& source) {
  check(j.is_object(), "{}: not an analysis (expected a JSON object)", source);
  const JsonFields top(j, source);
  const int version = top.get<int>("schema_version");
  check(version == kAnalysisSchemaVersion,
        "{}: schema_version {} is not supported (expected {}; hint: run ff-analyze again to rewrite it)", source,
        version, kAnalysisSchemaVersion);
  Analysis a;
  a.settings = settings_from(top.object("settings"));
  a.results_source = top.get<std::string>("results");
  a.n_runs = top.get<int>("n_runs");
  a.holdout = holdout_from(top.object("holdout"));
  a.rollout = rollout_from(top);
  const JsonFields approaches = top.object("approaches");
  for (Approach k : kAllApproaches) {
    a.approaches[static_cast<int>(k)] = report_from(approaches.object(approach_name(k)), k, a.holdout);
  }
  a.envelope = envelope_from(approaches.object("envelope"), a.report(Approach::kEnvelope));
  a.isoflop = isoflop_from(approaches.object("isoflop"), a.report(Approach::kIsoflop));
  a.parametric = parametric_from(approaches.object("parametric"), a.report(Approach::kParametric));
  a.predictions = predictions_from(top, "predictions");
  a.warnings = top.get<std::vector<std::string>>("warnings");
  if (top.has("hyperparameters")) a.hyperparameters = hyper_from_json(top.object("hyperparameters"));
  for (const ApproachReport& r : a.approaches) {  // every fitted approach predicts at each budget of settings.predict
    if (!r.fitted) continue;
    for (const Prediction& p : r.predictions) a.settings.predict.push_back(p.compute_budget);
    break;
  }
  return a;
}

}  // namespace ff
