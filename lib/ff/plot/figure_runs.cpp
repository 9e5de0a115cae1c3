// The figures of the runs themselves: IsoFLOP profiles and training curves with the envelope
// (see figure_parts.h).
#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/io/curve_file.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

// The parabola c0 + c1 ln N + c2 ln^2 N over the budget's sampled sizes, 41 points.
std::string parabola_rows(const BudgetProfile& b) {
  const double lo = std::log(b.n_min), hi = std::log(b.n_max);
  std::string rows;
  for (int i = 0; i <= 40; ++i) {
    const double x = lo + (hi - lo) * i / 40.0;
    rows += fmt::format("{:.6g} {:.6g}\n", std::exp(x), b.parabola(x));
  }
  return rows;
}

const RunCurve* find_curve(const std::vector<RunCurve>& curves, const std::string& run_id) {
  if (run_id.empty()) return nullptr;
  const auto it = std::find_if(curves.begin(), curves.end(), [&](const RunCurve& c) { return c.run_id == run_id; });
  return it == curves.end() ? nullptr : &*it;
}

}  // namespace

std::string isoflop_figure(const Analysis& analysis, const fs::path& dir) {
  const std::vector<BudgetProfile>& budgets = analysis.isoflop.budgets;
  if (budgets.empty()) return "";
  DataBlocks data;
  std::string plots;
  int colour = 1;
  for (const BudgetProfile& b : budgets) {
    std::string rows;
    for (const Observation& r : b.runs) rows += fmt::format("{:.6g} {:.6g}\n", r.n_params, r.final_loss);
    plots += fmt::format("{}'isoflop.dat' index {} using 1:2 with points pt 7 ps 1.2 lc {} title {}",
                         plots.empty() ? "" : ", \\\n  ", data.add(rows), colour, gp_quote(budget_label(b.compute_budget)));
    if (b.used) {
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with lines lw 2 lc {} notitle", data.add(parabola_rows(b)),
                           colour);
      const int vertex = data.add(fmt::format("{:.6g} {:.6g}\n", b.n_opt, b.loss_opt));
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with points pt 12 ps 2.5 lw 2 lc {} notitle", vertex, colour);
    }
    ++colour;
  }
  data.write(dir / "isoflop.dat");
  return "set title 'IsoFLOP profiles: final loss against model size (parabola in ln N, vertex marked)'\n"
         "set logscale x\nset format x '1e%L'\nset xlabel 'parameters N'\nset ylabel 'final loss (nats/token)'\n"
         "set key outside right\nset grid\nplot " + plots + "\n";
}

std::string curves_figure(const Analysis& analysis, const std::vector<RunCurve>& curves, const fs::path& dir) {
  DataBlocks data;
  std::string plots;
  int colour = 1;
  double lo = HUGE_VAL, hi = 0;  // loss range, nats/token
  for (const BudgetProfile& b : analysis.isoflop.budgets) {
    bool titled = false;
    for (const Observation& r : b.runs) {
      const RunCurve* curve = find_curve(curves, r.run_id);
      if (curve == nullptr) continue;
      std::string rows;
      for (const CurveSample& p : curve->samples) {
        rows += fmt::format("{:.6g} {:.6g}\n", p.flops, p.loss);
        lo = std::min(lo, p.loss), hi = std::max(hi, p.loss);
      }
      plots += fmt::format("{}'curves.dat' index {} using 1:2 with lines lw 1.5 lc {} {}", plots.empty() ? "" : ", \\\n  ",
                           data.add(rows), colour, titled ? "notitle" : "title " + gp_quote(budget_label(b.compute_budget)));
      titled = true;
    }
    ++colour;
  }
  if (plots.empty()) return "";
  std::string envelope;
  for (const EnvelopePoint& p : analysis.envelope.points) envelope += fmt::format("{:.6g} {:.6g}\n", p.flops, p.loss);
  if (!envelope.empty()) {
    plots += fmt::format(", \\\n  'curves.dat' index {} using 1:2 with linespoints lw 3 pt 7 ps 0.5 lc rgb 'black' "
                         "title 'envelope (Approach 1)'", data.add(envelope));
  }
  data.write(dir / "curves.dat");
  return "set title 'Held-out loss during training, coloured by compute budget; black: the lowest loss at each compute'\n"
         "set logscale x\nset format x '1e%L'\nset xlabel 'training compute (FLOPs)'\n" +
         fmt::format("set yrange [{:.4g}:{:.4g}]\n", lo - 0.03 * (hi - lo), hi + 0.03 * (hi - lo)) +
         "set ylabel 'held-out loss (nats/token)'\nset key outside right\nset grid\nplot " + plots + "\n";
}

}  // namespace ff::figure
