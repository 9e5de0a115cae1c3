// analysis.json: writing an Analysis and reading the file back (see analysis_file.h).
#include "ff/io/analysis_file.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/analysis_json_parts.h"
#include "ff/io/hyper_file.h"
#include "ff/io/json_file.h"

namespace ff {

using nlohmann::json;

json nullable_json(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json bounds_json(const Bounds& b) { return b.known() ? json::array({b.lo, b.hi}) : json(nullptr); }

namespace {

json law_json(const PowerLaw& p) {
  return json{{"coefficient", p.coefficient},         {"exponent", p.exponent},
              {"exponent_se", nullable_json(p.exponent_se)}, {"log_coefficient_se", nullable_json(p.log_coefficient_se)},
              {"r2", nullable_json(p.r2)},                 {"n_points", p.n_points}};
}

json loss_law_json(const Frontier& f) {
  if (!f.loss_fitted) return nullptr;
  return json{{"E", f.loss_opt.offset},
              {"coefficient", f.loss_opt.power.coefficient},
              {"exponent", f.loss_opt.power.exponent},
              {"r2", nullable_json(f.loss_opt.power.r2)},
              {"n_points", f.loss_opt.power.n_points}};
}

json prediction_json(const Prediction& p) {
  return json{{"approach", p.approach},
              {"compute_budget", p.compute_budget},
              {"n_params", p.n_params},
              {"tokens", p.tokens},
              {"tokens_per_param", p.tokens_per_param},
              {"loss", nullable_json(p.loss)},
              {"n_params_interval", bounds_json(p.n_params_interval)},
              {"tokens_interval", bounds_json(p.tokens_interval)},
              {"loss_interval", bounds_json(p.loss_interval)}};
}

json predictions_json(const std::vector<Prediction>& predictions) {
  json out = json::array();
  for (const auto& p : predictions) out.push_back(prediction_json(p));
  return out;
}

json holdout_check_json(const HoldoutCheck& h) {
  if (!h.done) return json{{"done", false}, {"reason", h.reason}};
  return json{{"done", true},
              {"n_opt", h.predicted.n_params},
              {"d_opt", h.predicted.tokens},
              {"loss", nullable_json(h.predicted.loss)},
              {"n_opt_error", h.n_error},
              {"d_opt_error", h.d_error},
              {"loss_error", nullable_json(h.loss_error)}};
}

// The fields every approach has.
json approach_json(const ApproachReport& r) {
  const Uncertainty& u = r.uncertainty;
  json intervals = json::object();
  for (const auto& i : u.intervals) intervals[i.name] = bounds_json(i.bounds);
  return json{{"fitted", r.fitted},
              {"reason", r.reason},
              {"a", r.fitted ? json(r.law.a()) : json(nullptr)},
              {"b", r.fitted ? json(r.law.b()) : json(nullptr)},
              {"n_opt", r.fitted ? law_json(r.law.n_opt) : json(nullptr)},
              {"d_opt", r.fitted ? law_json(r.law.d_opt) : json(nullptr)},
              {"loss_opt", r.fitted ? loss_law_json(r.law) : json(nullptr)},
              {"intervals", intervals},
              {"bootstrap", {{"replicates", u.replicates}, {"succeeded", u.succeeded}, {"dropped", u.dropped()},
                             {"level", u.level}}},
              {"band", predictions_json(u.band)},
              {"holdout", holdout_check_json(r.holdout)},
              {"predictions", predictions_json(r.predictions)}};
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
              {"n_opt", nullable_json(b.n_opt)},
              {"d_opt", nullable_json(b.d_opt)},
              {"loss_opt", nullable_json(b.loss_opt)},
              {"parabola", {{"c0", b.parabola.c0}, {"c1", b.parabola.c1}, {"c2", b.parabola.c2}}},
              {"runs", runs}};
}

json envelope_points_json(const EnvelopeResult& e) {
  json points = json::array();
  for (const auto& p : e.points) {
    points.push_back({{"flops", p.flops}, {"n_params", p.n_params}, {"tokens", p.tokens}, {"loss", p.loss},
                      {"run_id", p.run_id}});
  }
  return points;
}

void add_parametric(json& j, const ParametricResult& p, const AnalyzeSettings& s) {
  const ParametricFit& f = p.fit;
  j["n_dropped_highest_losses"] = p.n_dropped;
  j["huber_delta"] = s.huber_delta;
  if (!p.fitted) return;
  j.update({{"E", f.E}, {"A", f.A}, {"B", f.B}, {"alpha", f.alpha}, {"beta", f.beta}, {"G", f.G()},
            {"objective", f.objective}, {"n_points", f.n_points}});
  json residuals = json::array();
  for (const auto& r : p.runs) {
    residuals.push_back({{"run_id", r.run_id}, {"compute_budget", r.compute_budget}, {"n_params", r.n_params},
                         {"tokens", r.tokens}, {"final_loss", r.final_loss}, {"predicted", f.loss(r.n_params, r.tokens)}});
  }
  j["runs"] = residuals;
}

json holdout_json(const HoldoutReference& h) {
  json j = {{"done", h.ok}, {"reason", h.reason}};
  if (!h.ok) return j;
  j.update({{"compute_budget", h.compute_budget}, {"n_held_out", h.n_held_out}, {"n_fitted", h.n_fitted},
            {"reference", {{"n_opt", h.n_opt}, {"d_opt", h.d_opt}, {"loss", h.loss}, {"loss_run_id", h.loss_run_id}}},
            {"compared", "each approach refitted without the largest budget's runs predicts N_opt, D_opt and the loss "
                         "there; N_opt and D_opt are compared with the vertex of that budget's own IsoFLOP parabola, "
                         "the loss with its lowest measured final loss; error = predicted / reference - 1"}});
  return j;
}

json rollout_step_json(const RolloutStep& s) {
  const HoldoutReference& ref = s.reference;
  json j = {{"compute_budget", ref.compute_budget}, {"largest_fitted", s.largest_fitted},
            {"extrapolation", s.extrapolation},     {"n_fitted_budgets", s.n_fitted_budgets},
            {"n_fitted", ref.n_fitted},             {"n_runs", ref.n_held_out},
            {"reference", nullptr},                 {"prediction", holdout_check_json(s.check)}};
  if (ref.ok) {
    j["reference"] = {{"n_opt", ref.n_opt}, {"d_opt", ref.d_opt}, {"loss", ref.loss}, {"loss_run_id", ref.loss_run_id}};
  }
  return j;
}

json rollout_json(const Rollout& r) {
  json j = {{"reason", r.reason},
            {"compared", "for each budget from the third up, each approach refitted on the budgets below it predicts "
                         "it, compared as the hold-out is; extrapolation = budget / largest fitted budget"}};
  for (Approach a : kAllApproaches) {
    json steps = json::array();
    for (const RolloutStep& s : r.of(a)) steps.push_back(rollout_step_json(s));
    j[approach_name(a)] = steps;
  }
  return j;
}

json settings_json(const AnalyzeSettings& s) {
  return json{{"budget_tolerance", s.budget_tolerance}, {"min_sizes", s.min_sizes},
              {"huber_delta", s.huber_delta},           {"drop_highest_losses", s.drop_highest_losses},
              {"bootstrap", s.bootstrap},               {"seed", s.seed},
              {"level", s.level},                       {"parametric_method", parametric_method_name(s.parametric_method)}};
}

}  // namespace

json to_json(const Analysis& a) {
  const AnalyzeSettings& s = a.settings;
  json approaches = json::object();
  for (const ApproachReport& r : a.approaches) approaches[approach_name(r.approach)] = approach_json(r);
  json budgets = json::array();
  for (const auto& b : a.isoflop.budgets) budgets.push_back(budget_json(b));
  approaches["isoflop"]["budgets"] = budgets;
  approaches["envelope"]["n_curves"] = a.envelope.n_curves;
  approaches["envelope"]["points"] = envelope_points_json(a.envelope);
  add_parametric(approaches["parametric"], a.parametric, s);
  json j{{"schema_version", kAnalysisSchemaVersion},
         {"results", a.results_source},
         {"n_runs", a.n_runs},
         {"preferred_approach", approach_name(a.preferred())},
         {"settings", settings_json(s)},
         {"approaches", approaches},
         {"holdout", holdout_json(a.holdout)},
         {"rollout", rollout_json(a.rollout)},
         {"predictions", predictions_json(a.predictions)},
         {"warnings", a.warnings}};
  if (a.hyperparameters.present) j["hyperparameters"] = hyper_to_json(a.hyperparameters);
  return j;
}

void write_analysis(const Analysis& analysis, const std::filesystem::path& path) {
  write_file_atomic(path, to_json(analysis).dump(2) + "\n");
}

Analysis read_analysis(const std::filesystem::path& path) {
  return analysis_from_json(read_json_file(path, "analysis", "run ff-analyze first, or pass --analysis FILE"),
                            path.string());
}

}  // namespace ff
