// Planning from an analysis (see plan_from_analysis.h).
#include "ff/plan/plan_from_analysis.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

// ln(lo / N_opt) and ln(hi / N_opt) against ln C, from the approach's band.
struct RelativeBand {
  std::vector<double> ln_c, ln_lo, ln_hi;
};

RelativeBand relative_band(const ApproachReport& approach) {
  RelativeBand band;
  for (const Prediction& p : approach.uncertainty.band) {
    const Bounds& i = p.n_params_interval;
    if (!i.known()) continue;
    band.ln_c.push_back(std::log(p.compute_budget));
    band.ln_lo.push_back(std::log(i.lo / p.n_params));
    band.ln_hi.push_back(std::log(i.hi / p.n_params));
  }
  return band;
}

// The band's (ln lo, ln hi) at ln c, linear between its points, clamped at its ends (*outside).
std::pair<double, double> band_at(const RelativeBand& b, double ln_c, bool* outside) {
  const auto& x = b.ln_c;
  if (ln_c <= x.front() || ln_c >= x.back()) {
    *outside = *outside || ln_c < x.front() - 1e-9 || ln_c > x.back() + 1e-9;
    const size_t k = ln_c <= x.front() ? 0 : x.size() - 1;
    return {b.ln_lo[k], b.ln_hi[k]};
  }
  const size_t k = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), ln_c) - x.begin());
  const double t = (ln_c - x[k - 1]) / (x[k] - x[k - 1]);
  return {b.ln_lo[k - 1] + t * (b.ln_lo[k] - b.ln_lo[k - 1]), b.ln_hi[k - 1] + t * (b.ln_hi[k] - b.ln_hi[k - 1])};
}

}  // namespace

Approach choose_approach(const Analysis& analysis, const std::string& requested, const std::string& source) {
  if (!requested.empty()) {
    const Approach approach = parse_approach(requested, "--approach");
    const ApproachReport& r = analysis.report(approach);
    check(r.fitted, "{}: the {} approach was not fitted ({}); choose another with --approach", source, requested,
          r.reason);
    return approach;
  }
  const Approach preferred = analysis.preferred();
  check(analysis.report(preferred).fitted, "{}: no approach was fitted, so there is no optimum to centre the sizes on",
        source);
  return preferred;
}

Approach centre_on_analysis(PlanSettings& s, const Analysis& analysis, const std::string& requested,
                            const std::string& source, std::vector<std::string>* warnings) {
  check(s.widths.empty(), "sizes.widths ({} widths) fixes the model sizes: leave it empty to centre the sizes on {}",
        s.widths.size(), source);
  const Approach chosen = choose_approach(analysis, requested, source);
  const ApproachReport& approach = analysis.report(chosen);
  const char* name = approach_name(chosen);
  const double k = approach.law.n_opt.coefficient, a = approach.law.n_opt.exponent;
  const RelativeBand band = relative_band(approach);
  if (band.ln_c.empty() && warnings) {
    warnings->push_back(fmt::format("{}: the {} approach has no bootstrap intervals (analyze.bootstrap = 0): every "
                                    "budget spans sizes.span = {:g}", source, name, s.sizes_span));
  }
  bool outside = false;
  s.windows.clear();
  for (double c : s.budgets) {
    SizeWindow w{k * std::pow(c, a), s.sizes_span};
    if (!band.ln_c.empty()) {
      const auto [ln_lo, ln_hi] = band_at(band, std::log(c), &outside);
      w.span = std::max(s.sizes_span, std::exp(2 * std::max(-ln_lo, ln_hi)));
    }
    s.windows.push_back(w);
  }
  if (outside && warnings) {
    warnings->push_back(fmt::format("{}: some budgets lie outside the {} approach's interval band ({} to {} FLOPs): their "
                                    "spans use the band's nearest end", source, name,
                                    format_sci(std::exp(band.ln_c.front())), format_sci(std::exp(band.ln_c.back()))));
  }
  return chosen;
}

}  // namespace ff
