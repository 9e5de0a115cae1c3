// The hyperparameter figure: loss against lr (and batch size) per (budget, size) group with its
// parabola and optimum, and the optima against compute with the fitted law (see figure_parts.h).
#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

bool swept(const HyperLaw& l) {
  return std::any_of(l.groups.begin(), l.groups.end(), [](const HyperGroup& g) { return g.profile.size() > 1; });
}

// Loss against the hyperparameter: each group's profile, parabola and optimum.
std::string profile_panel(const HyperLaw& l, const char* label, DataBlocks& data) {
  std::string plots;
  int colour = 1;
  for (const HyperGroup& g : l.groups) {
    std::string rows;
    for (const HyperSample& s : g.profile) rows += fmt::format("{:.6g} {:.6g}\n", s.value, s.loss);
    plots += fmt::format("{}'hyper.dat' index {} using 1:2 with linespoints pt 7 ps 0.9 dt 3 lc {} title {}",
                         plots.empty() ? "" : ", \\\n  ", data.add(rows), colour,
                         gp_quote(fmt::format("{}, N {}", format_sci(g.compute_budget), format_count(g.n_params))));
    if (g.used) {
      std::string curve;
      const double lo = std::log(g.fit_min), hi = std::log(g.fit_max);
      for (int i = 0; i <= 30; ++i) {
        const double x = lo + (hi - lo) * i / 30.0;
        curve += fmt::format("{:.6g} {:.6g}\n", std::exp(x), g.parabola(x));
      }
      plots += fmt::format(", \\\n  'hyper.dat' index {} using 1:2 with lines lw 2 lc {} notitle", data.add(curve), colour);
      const int vertex = data.add(fmt::format("{:.6g} {:.6g}\n", g.optimum, g.loss_opt));
      plots += fmt::format(", \\\n  'hyper.dat' index {} using 1:2 with points pt 12 ps 2 lw 2 lc {} notitle", vertex,
                           colour);
    }
    ++colour;
  }
  return fmt::format("set title 'final loss against {} per (budget, size)'\nset logscale x\nunset logscale y\n"
                     "set format x '%g'\nset format y '%g'\nset xlabel '{}'\nset ylabel 'final loss (nats/token)'\n"
                     "set key top center font ',8'\nplot {}\n",
                     label, label, plots);
}

// The optima against compute and the law through them.
std::string law_panel(const HyperLaw& l, const char* label, DataBlocks& data) {
  std::string points;
  double lo = HUGE_VAL, hi = 0;
  for (const HyperGroup& g : l.groups) {
    lo = std::min(lo, g.compute_budget), hi = std::max(hi, g.compute_budget);
    if (g.used) points += fmt::format("{:.6g} {:.6g} {:.6g}\n", g.compute_budget, g.optimum, g.n_params);
  }
  std::string plots;
  if (!points.empty()) plots = fmt::format("'hyper.dat' index {} using 1:2 with points pt 7 ps 1.3 lc rgb '#d95f02' "
                                           "title 'group optima'", data.add(points));
  if (l.fitted) {
    std::string law;
    for (int i = 0; i <= 40; ++i) {
      const double c = lo / 1.5 * std::pow(hi * 2.25 / lo, i / 40.0);
      law += fmt::format("{:.6g} {:.6g}\n", c, l.vs_compute(c));
    }
    const std::string interval = l.exponent_interval.known()
                                     ? fmt::format(" ({:.3f} to {:.3f})", l.exponent_interval.lo, l.exponent_interval.hi)
                                     : "";
    plots += fmt::format("{}'hyper.dat' index {} using 1:2 with lines lw 2.5 lc rgb '#7570b3' title {}",
                         plots.empty() ? "" : ", \\\n  ", data.add(law),
                         gp_quote(fmt::format("{} C^{:.3f}{}", format_sci(l.vs_compute.coefficient, 3),
                                              l.vs_compute.exponent, interval)));
  }
  if (plots.empty()) return "";
  return fmt::format("set title 'optimal {} against compute'\nset logscale xy\nset format x '1e%L'\nset format y '%g'\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel 'optimal {}'\nset key top left font ',9'\nplot {}\n",
                     label, label, plots);
}

}  // namespace

std::string hyper_figure(const Analysis& analysis, const fs::path& dir) {
  const HyperparameterLaws& laws = analysis.hyperparameters;
  if (!laws.present) return "";
  DataBlocks data;
  std::string body;
  int rows = 0;
  const std::pair<const HyperLaw*, const char*> panels[] = {{&laws.lr, "peak lr"},
                                                            {&laws.batch_size, "batch size (sequences)"}};
  for (const auto& [law, label] : panels) {
    if (!swept(*law)) continue;
    const std::string right = law_panel(*law, label, data);
    body += profile_panel(*law, label, data) + (right.empty() ? "set multiplot next\n" : right);
    ++rows;
  }
  if (rows == 0) return "";
  data.write(dir / "hyper.dat");
  return fmt::format("set multiplot layout {},2 title 'Hyperparameter laws'\nset grid\n", rows) + body +
         "unset multiplot\n";
}

}  // namespace ff::figure
