// analysis.json's `hyperparameters` (see hyper_file.h).
#include "ff/io/hyper_file.h"

#include <cmath>

#include "ff/io/analysis_json_parts.h"

namespace ff {

using nlohmann::json;

namespace {

json power_json(const PowerLaw& p) {
  return json{{"coefficient", p.coefficient}, {"exponent", p.exponent}, {"exponent_se", nullable_json(p.exponent_se)},
              {"r2", nullable_json(p.r2)}, {"n_points", p.n_points}};
}

json group_json(const HyperGroup& g) {
  json profile = json::array();
  for (const auto& s : g.profile) profile.push_back(json::array({s.value, s.loss}));
  return json{{"compute_budget", g.compute_budget},
              {"n_params", g.n_params},
              {"n_runs", g.n_runs},
              {"used", g.used},
              {"reason", g.reason},
              {"optimum", nullable_json(g.optimum)},
              {"loss_opt", nullable_json(g.loss_opt)},
              {"fit_range", json::array({g.fit_min, g.fit_max})},
              {"parabola", {{"c0", g.parabola.c0}, {"c1", g.parabola.c1}, {"c2", g.parabola.c2}}},
              {"profile", profile}};
}

json law_json(const HyperLaw& l) {
  json groups = json::array();
  for (const auto& g : l.groups) groups.push_back(group_json(g));
  return json{{"fitted", l.fitted},
              {"reason", l.reason},
              {"k", l.fitted ? json(l.vs_compute.coefficient) : json(nullptr)},
              {"exponent", l.fitted ? json(l.vs_compute.exponent) : json(nullptr)},
              {"vs_compute", l.fitted ? power_json(l.vs_compute) : json(nullptr)},
              {"vs_params", l.params_fitted ? power_json(l.vs_params) : json(nullptr)},
              {"intervals", {{"k", bounds_json(l.coefficient_interval)}, {"exponent", bounds_json(l.exponent_interval)},
                             {"params_exponent", bounds_json(l.params_exponent_interval)}}},
              {"bootstrap", {{"replicates", l.replicates}, {"succeeded", l.succeeded}, {"level", l.level}}},
              {"groups", groups}};
}

PowerLaw power_from(const JsonFields& j) {
  PowerLaw p;
  p.coefficient = j.number("coefficient");
  p.exponent = j.number("exponent");
  p.exponent_se = j.number("exponent_se");
  p.r2 = j.number("r2");
  p.n_points = j.get<int>("n_points");
  return p;
}

HyperGroup group_from(const JsonFields& j) {
  HyperGroup g;
  g.compute_budget = j.number("compute_budget");
  g.n_params = j.number("n_params");
  g.n_runs = j.get<int>("n_runs");
  g.used = j.get<bool>("used");
  g.reason = j.get<std::string>("reason");
  g.optimum = j.number("optimum");
  g.loss_opt = j.number("loss_opt");
  const auto range = j.get<std::vector<double>>("fit_range");
  if (range.size() != 2) j.wrong_type("fit_range");
  g.fit_min = range[0], g.fit_max = range[1];
  const JsonFields p = j.object("parabola");
  g.parabola = {p.number("c0"), p.number("c1"), p.number("c2")};
  for (const auto& s : j.get<std::vector<std::vector<double>>>("profile")) {
    if (s.size() != 2) j.wrong_type("profile");
    g.profile.push_back({s[0], s[1]});
  }
  return g;
}

HyperLaw law_from(const JsonFields& j) {
  HyperLaw l;
  l.fitted = j.get<bool>("fitted");
  l.reason = j.get<std::string>("reason");
  if (l.fitted) l.vs_compute = power_from(j.object("vs_compute"));
  l.params_fitted = j.has("vs_params");
  if (l.params_fitted) l.vs_params = power_from(j.object("vs_params"));
  const JsonFields intervals = j.object("intervals");
  l.coefficient_interval = bounds_from(intervals, "k");
  l.exponent_interval = bounds_from(intervals, "exponent");
  l.params_exponent_interval = bounds_from(intervals, "params_exponent");
  const JsonFields boot = j.object("bootstrap");
  l.replicates = boot.get<int>("replicates");
  l.succeeded = boot.get<int>("succeeded");
  l.level = boot.number("level");
  for (const auto& g : j.objects("groups")) l.groups.push_back(group_from(g));
  return l;
}

}  // namespace

json hyper_to_json(const HyperparameterLaws& laws) {
  return json{{"lr", law_json(laws.lr)}, {"batch_size", law_json(laws.batch_size)}};
}

HyperparameterLaws hyper_from_json(const JsonFields& j) {
  HyperparameterLaws laws;
  laws.present = true;
  laws.lr = law_from(j.object("lr"));
  laws.batch_size = law_from(j.object("batch_size"));
  return laws;
}

}  // namespace ff
