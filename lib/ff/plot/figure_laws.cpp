// N_opt and D_opt against compute for every fitted approach, with bootstrap bands (see figure_parts.h).
#include <algorithm>
#include <cmath>
#include <vector>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

// The compute range to draw: every budget measured or predicted.
std::pair<double, double> compute_range(const Analysis& analysis) {
  double lo = HUGE_VAL, hi = 0;
  auto see = [&](double c) { lo = std::min(lo, c), hi = std::max(hi, c); };
  for (const BudgetProfile& b : analysis.isoflop.budgets) see(b.compute_budget);
  for (const EnvelopePoint& p : analysis.envelope.points) see(p.flops);
  if (analysis.parametric.fitted) {
    for (const Observation& r : analysis.parametric.runs) see(r.compute_budget);
  }
  for (const Prediction& p : analysis.predictions) see(p.compute_budget);
  return {lo, hi};
}

// " (lo-hi)": the bootstrap interval of the exponent `name` ("a" or "b"), "" when unknown.
std::string bounds_text(const Uncertainty& u, const std::string& name) {
  for (const NamedBounds& i : u.intervals) {
    if (i.name == name && i.bounds.known()) return fmt::format(" ({:.3f}-{:.3f})", i.bounds.lo, i.bounds.hi);
  }
  return "";
}

// Blocks for one approach: [band, law, predictions]; -1 where there is nothing.
struct LawBlocks {
  int band = -1, law = -1, predictions = -1;
};

LawBlocks approach_blocks(const ApproachReport& report, const std::vector<Prediction>& predictions, double lo, double hi,
                          DataBlocks& data) {
  LawBlocks b;
  std::string band, law, pred;
  for (const Prediction& p : report.uncertainty.band) {
    if (!p.n_params_interval.known() || !p.tokens_interval.known()) continue;
    band += fmt::format("{:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", p.compute_budget, p.n_params_interval.lo,
                        p.n_params_interval.hi, p.tokens_interval.lo, p.tokens_interval.hi);
  }
  const PowerLaw& n_opt = report.law.n_opt;
  const PowerLaw& d_opt = report.law.d_opt;
  for (int i = 0; i <= 60; ++i) {
    const double c = lo * std::pow(hi / lo, i / 60.0);
    law += fmt::format("{:.6g} {:.6g} {:.6g}\n", c, n_opt.coefficient * std::pow(c, n_opt.exponent),
                       d_opt.coefficient * std::pow(c, d_opt.exponent));
  }
  for (const Prediction& p : predictions) {
    if (p.approach != approach_name(report.approach)) continue;
    pred += fmt::format("{:.6g} {:.6g} {:.6g}\n", p.compute_budget, p.n_params, p.tokens);
  }
  if (!band.empty()) b.band = data.add(band);
  b.law = data.add(law);
  if (!pred.empty()) b.predictions = data.add(pred);
  return b;
}

// One panel: column 2 (N) or 3 (D) of the laws; band columns 2:3 or 4:5.
std::string panel(const Analysis& analysis, const std::vector<std::pair<Approach, LawBlocks>>& blocks, int vertices,
                  int envelope, bool n_panel, double lo, double hi) {
  const int col = n_panel ? 2 : 3;
  const std::string band_cols = n_panel ? "2:3" : "4:5";
  const char* exponent = n_panel ? "a" : "b";
  std::string plots;
  auto add = [&](const std::string& p) { plots += (plots.empty() ? "" : ", \\\n  ") + p; };
  for (const auto& [approach, b] : blocks) {
    if (b.band >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with filledcurves fs transparent solid 0.18 "
                                     "noborder lc rgb '{}' notitle", b.band, band_cols, approach_colour(approach)));
  }
  for (const auto& [approach, b] : blocks) {
    const ApproachReport& r = analysis.report(approach);
    add(fmt::format("'scaling.dat' index {} using 1:{} with lines lw 2.5 lc rgb '{}' title {}", b.law, col,
                    approach_colour(approach),
                    gp_quote(fmt::format("{}: {} = {:.3f}{}", approach_label(approach), exponent,
                                         n_panel ? r.law.a() : r.law.b(), bounds_text(r.uncertainty, exponent)))));
  }
  if (vertices >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 7 ps 1.4 lc rgb '{}' title "
                                     "'IsoFLOP minima'", vertices, col, approach_colour(Approach::kIsoflop)));
  if (envelope >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 7 ps 0.5 lc rgb '{}' title "
                                     "'envelope minima'", envelope, col, approach_colour(Approach::kEnvelope)));
  for (const auto& [approach, b] : blocks) {
    if (b.predictions >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 6 ps 1.6 lw 2 lc rgb '{}' "
                                            "notitle", b.predictions, col, approach_colour(approach)));
  }
  return fmt::format("set xrange [{:.6g}:{:.6g}]\nset ylabel '{}'\nset title '{}'\nplot {}\n", lo / 2, hi * 2,
                     n_panel ? "optimal parameters N_opt" : "optimal tokens D_opt",
                     n_panel ? "N_opt against compute (open circles: predictions)" : "D_opt against compute (shaded: 95% bootstrap band)",
                     plots);
}

}  // namespace

std::string scaling_figure(const Analysis& analysis, const fs::path& dir) {
  const auto [lo, hi] = compute_range(analysis);
  if (!(hi >= lo)) return "";
  DataBlocks data;
  std::vector<std::pair<Approach, LawBlocks>> blocks;
  for (Approach approach : kAllApproaches) {
    const ApproachReport& r = analysis.report(approach);
    if (r.fitted) blocks.emplace_back(approach, approach_blocks(r, analysis.predictions, lo, hi, data));
  }
  if (blocks.empty()) return "";
  std::string vertices, envelope;
  for (const BudgetProfile& b : analysis.isoflop.budgets) {
    if (b.used) vertices += fmt::format("{:.6g} {:.6g} {:.6g}\n", b.compute_budget, b.n_opt, b.d_opt);
  }
  for (const EnvelopePoint& p : analysis.envelope.points) {
    envelope += fmt::format("{:.6g} {:.6g} {:.6g}\n", p.flops, p.n_params, p.tokens);
  }
  const int v = vertices.empty() ? -1 : data.add(vertices);
  const int e = envelope.empty() ? -1 : data.add(envelope);
  data.write(dir / "scaling.dat");
  return "set multiplot layout 1,2 title 'Compute-optimal model size and data, every approach'\n"
         "set logscale xy\nset format x '1e%L'\nset format y '1e%L'\nset xtics rotate by -45\n"
         "set xlabel 'compute C (FLOPs)'\nset key top left font ',9' opaque box\nset grid\n" +
         panel(analysis, blocks, v, e, true, lo, hi) + panel(analysis, blocks, v, e, false, lo, hi) + "unset multiplot\n";
}

}  // namespace ff::figure
