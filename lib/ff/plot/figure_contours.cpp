// The parametric fit's iso-loss contours over (compute, parameters) with the efficient frontier
// and the runs: Hoffmann et al. 2022, Figure 4 (left) (see figure_parts.h).
#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

constexpr int kGrid = 90;  // grid points per axis (log10 C x log10 N)

struct Law {
  double E, A, B, alpha, beta, kn, a;  // L(N, D) and N_opt = kn C^a
  double loss(double c, double n) const { return E + A / std::pow(n, alpha) + B / std::pow(c / (6 * n), beta); }
  double n_opt(double c) const { return kn * std::pow(c, a); }
};

// log10 C, log10 N, loss on a kGrid x kGrid grid (gnuplot's grid format: a blank line per row).
std::string grid_rows(const Law& law, double c_lo, double c_hi, double n_lo, double n_hi) {
  std::string rows;
  for (int i = 0; i < kGrid; ++i) {
    const double lc = std::log10(c_lo) + (std::log10(c_hi) - std::log10(c_lo)) * i / (kGrid - 1);
    for (int j = 0; j < kGrid; ++j) {
      const double ln = std::log10(n_lo) + (std::log10(n_hi) - std::log10(n_lo)) * j / (kGrid - 1);
      rows += fmt::format("{:.6g} {:.6g} {:.6g}\n", lc, ln, law.loss(std::pow(10, lc), std::pow(10, ln)));
    }
    rows += "\n";
  }
  return rows;
}

// Contour levels: the frontier's loss at each decade (half decade if few) of compute, with a
// label where the contour touches the frontier.
std::pair<std::string, std::string> levels_and_labels(const Law& law, double c_lo, double c_hi) {
  const double step = std::log10(c_hi / c_lo) < 4 ? 0.5 : 1.0;
  std::string levels, labels;
  for (double e = std::ceil(std::log10(c_lo) / step) * step; e <= std::log10(c_hi); e += step) {
    const double c = std::pow(10, e), n = law.n_opt(c), l = law.loss(c, n);
    levels += fmt::format("{}{:.5g}", levels.empty() ? "" : ",", l);
    if (c > 2 * c_lo)  // no label clipped by the left edge
      labels += fmt::format("set label '{:.3f}' at {:.6g},{:.6g} right offset -0.7,0.3 font ',9' front boxed\n", l, c, n);
  }
  return {levels, labels};
}

}  // namespace

std::string contour_figure(const Analysis& analysis, const fs::path& dir) {
  const ApproachReport& report = analysis.report(Approach::kParametric);
  if (!report.fitted) return "";
  const ParametricFit& f = analysis.parametric.fit;
  const Law law{f.E, f.A, f.B, f.alpha, f.beta, report.law.n_opt.coefficient, report.law.n_opt.exponent};
  double c_lo = HUGE_VAL, c_hi = 0, n_lo = HUGE_VAL, n_hi = 0;
  std::string runs, predictions, frontier;
  for (const Observation& r : analysis.parametric.runs) {
    const double c = r.compute_budget, n = r.n_params;
    c_lo = std::min(c_lo, c), c_hi = std::max(c_hi, c), n_lo = std::min(n_lo, n), n_hi = std::max(n_hi, n);
    runs += fmt::format("{:.6g} {:.6g}\n", c, n);
  }
  for (const Prediction& q : report.predictions) {
    const double c = q.compute_budget, n = q.n_params;
    c_hi = std::max(c_hi, c), n_hi = std::max(n_hi, n);
    predictions += fmt::format("{:.6g} {:.6g}\n", c, n);
  }
  c_lo /= 3, c_hi *= 3;
  n_lo = std::min(n_lo, law.n_opt(c_lo)) / 3, n_hi = std::max(n_hi, law.n_opt(c_hi)) * 3;
  for (int i = 0; i <= 40; ++i) {
    const double c = c_lo * std::pow(c_hi / c_lo, i / 40.0);
    frontier += fmt::format("{:.6g} {:.6g}\n", c, law.n_opt(c));
  }
  write_file_atomic(dir / "contours_grid.dat", grid_rows(law, c_lo, c_hi, n_lo, n_hi));
  DataBlocks data;
  data.add(frontier), data.add(runs);
  if (!predictions.empty()) data.add(predictions);
  data.write(dir / "contours.dat");
  const auto [levels, labels] = levels_and_labels(law, c_lo, c_hi);
  return fmt::format(
      "set table 'contours_lines.dat'\nset contour base\nunset surface\nset view map\n"
      "set cntrparam linear\nset cntrparam levels discrete {}\n"
      "splot 'contours_grid.dat' using 1:2:3 with lines notitle\nunset table\nunset contour\n"
      "set title 'Parametric fit: iso-loss contours (nats/token), efficient frontier and runs (cf. Hoffmann et al. 2022, Fig. 4)'\n"
      "set logscale xy\nset format x '1e%L'\nset format y '1e%L'\nset xrange [{:.6g}:{:.6g}]\nset yrange [{:.6g}:{:.6g}]\n"
      "set xlabel 'compute C (FLOPs)'\nset ylabel 'parameters N'\nset grid\nset key bottom right opaque box\n"
      "set palette defined (0 '#440154', 1 '#3b528b', 2 '#21908d', 3 '#5dc963', 4 '#fde725')\n"
      "set cblabel 'loss on the contour (nats/token)'\nset style textbox opaque noborder margins 1,1\n{}"
      "plot 'contours_lines.dat' using (10**$1):(10**$2):3 with lines lw 1.8 lc palette notitle, \\\n"
      "  'contours.dat' index 0 using 1:2 with lines lw 3 lc rgb '{}' title 'efficient frontier N_opt(C)', \\\n"
      "  'contours.dat' index 1 using 1:2 with points pt 7 ps 0.8 lc rgb 'black' title 'runs'{}\n",
      levels, c_lo, c_hi, n_lo, n_hi, labels, approach_colour(Approach::kParametric),
      predictions.empty() ? "" : fmt::format(", \\\n  'contours.dat' index 2 using 1:2 with points pt 6 ps 1.8 lw 2 lc "
                                             "rgb '{}' title 'predictions'", approach_colour(Approach::kParametric)));
}

}  // namespace ff::figure
