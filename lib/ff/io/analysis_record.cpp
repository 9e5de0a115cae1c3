// The formulas that read the Analysis record (see analysis_record.h).
#include "ff/io/analysis_record.h"

#include "ff/common/error.h"

namespace ff {

const char* approach_name(Approach approach) {
  switch (approach) {
    case Approach::kEnvelope: return "envelope";
    case Approach::kIsoflop: return "isoflop";
    default: return "parametric";
  }
}

Approach parse_approach(const std::string& name, const std::string& where) {
  for (Approach a : kAllApproaches) {
    if (name == approach_name(a)) return a;
  }
  fail("{}: unknown approach '{}' (use parametric, isoflop or envelope)", where, name);
}

const char* parametric_method_name(ParametricMethod method) {
  return method == ParametricMethod::kGrid ? "grid" : "vpnls";
}

ParametricMethod parse_parametric_method(const std::string& name, const std::string& where) {
  for (ParametricMethod m : {ParametricMethod::kGrid, ParametricMethod::kVpnls}) {
    if (name == parametric_method_name(m)) return m;
  }
  fail("{}: unknown parametric method '{}' (use vpnls or grid)", where, name);
}

ParametricTheta ParametricFit::theta() const {
  return {std::log(A), std::log(B), std::log(E), alpha, beta};
}
double ParametricFit::a() const { return beta / (alpha + beta); }
double ParametricFit::b() const { return alpha / (alpha + beta); }
double ParametricFit::G() const { return std::pow(alpha * A / (beta * B), 1.0 / (alpha + beta)); }
double ParametricFit::loss(double n, double d) const {
  return E + A / std::pow(n, alpha) + B / std::pow(d, beta);
}
double ParametricFit::n_opt(double c) const { return G() * std::pow(c / 6.0, a()); }
double ParametricFit::d_opt(double c) const { return std::pow(c / 6.0, b()) / G(); }
double ParametricFit::loss_opt(double c) const { return loss(n_opt(c), d_opt(c)); }

Bounds Uncertainty::interval(const std::string& name) const {
  for (const auto& i : intervals) {
    if (i.name == name) return i.bounds;
  }
  return {};
}

Approach Analysis::preferred() const {
  for (Approach a : {Approach::kParametric, Approach::kIsoflop, Approach::kEnvelope}) {
    if (report(a).fitted) return a;
  }
  return Approach::kIsoflop;
}

}  // namespace ff
