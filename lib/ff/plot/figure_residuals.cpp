// Residuals of every fit (see figure_parts.h): the IsoFLOP parabolas, the N_opt and D_opt power
// laws of Approaches 1 and 2, and the parametric loss of Approach 3.
#include <cmath>
#include <vector>

#include "ff/common/error.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

// loss - parabola(ln N) for every run of every used budget, one block per budget.
std::string parabola_panel(const std::vector<BudgetProfile>& budgets, DataBlocks& data) {
  std::string plots;
  int colour = 0;
  for (const BudgetProfile& b : budgets) {
    ++colour;
    if (!b.used) continue;
    std::string rows;
    for (const Observation& r : b.runs) {
      const double x = std::log(r.n_params);
      rows += fmt::format("{:.6g} {:.6g}\n", std::exp(x), r.final_loss - b.parabola(x));
    }
    plots += fmt::format("{}'residuals.dat' index {} using 1:2 with points pt 7 ps 1.1 lc {} title {}",
                         plots.empty() ? "" : ", ", data.add(rows), colour, gp_quote(budget_label(b.compute_budget)));
  }
  if (plots.empty()) return "";
  return "set title 'IsoFLOP parabolas: loss - fit'\nset key outside right\nset logscale x\nset format x '1e%L'\nset xlabel 'parameters N'\n"
         "set ylabel 'residual (nats/token)'\nplot " + plots + ", 0 with lines lc rgb 'gray' notitle\n";
}

// ln(optimum / law(C)) of the optima of Approaches 1 and 2: N_opt (n_panel) or D_opt.
std::string law_panel(const Analysis& analysis, bool n_panel, DataBlocks& data) {
  std::string plots;
  for (Approach approach : {Approach::kEnvelope, Approach::kIsoflop}) {
    const ApproachReport& report = analysis.report(approach);
    if (!report.fitted) continue;
    const PowerLaw& law = n_panel ? report.law.n_opt : report.law.d_opt;
    std::string rows;
    auto add = [&](double c, double v) {
      rows += fmt::format("{:.6g} {:.6g}\n", c, std::log(v / (law.coefficient * std::pow(c, law.exponent))));
    };
    if (approach == Approach::kIsoflop) {
      for (const BudgetProfile& b : analysis.isoflop.budgets)
        if (b.used) add(b.compute_budget, n_panel ? b.n_opt : b.d_opt);
    } else {
      for (const EnvelopePoint& p : analysis.envelope.points) add(p.flops, n_panel ? p.n_params : p.tokens);
    }
    plots += fmt::format("{}'residuals.dat' index {} using 1:2 with points pt 7 ps {} lc rgb '{}' title {}",
                         plots.empty() ? "" : ", ", data.add(rows), approach == Approach::kIsoflop ? 1.5 : 0.6,
                         approach_colour(approach), gp_quote(approach_label(approach)));
  }
  if (plots.empty()) return "";
  return fmt::format("set title '{} power law: ln(optimum / law)'\nset logscale x\nset format x '1e%L'\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel 'log residual'\nplot {}, 0 with lines lc rgb 'gray' notitle\n",
                     n_panel ? "N_opt" : "D_opt", plots);
}

// ln L - ln L_hat of every run the parametric fit saw.
std::string parametric_panel(const Analysis& analysis, DataBlocks& data) {
  if (!analysis.report(Approach::kParametric).fitted) return "";
  const ParametricFit& f = analysis.parametric.fit;
  std::string rows;
  for (const Observation& r : analysis.parametric.runs) {
    rows += fmt::format("{:.6g} {:.6g}\n", r.compute_budget, std::log(r.final_loss / f.loss(r.n_params, r.tokens)));
  }
  return fmt::format("set title 'Parametric loss: ln(L / L_hat) per run'\nset logscale x\nset format x '1e%L'\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel 'log residual'\n"
                     "plot 'residuals.dat' index {} using 1:2 with points pt 7 ps 0.8 lc rgb '{}' title {}, "
                     "0 with lines lc rgb 'gray' notitle\n",
                     data.add(rows), approach_colour(Approach::kParametric), gp_quote(approach_label(Approach::kParametric)));
}

}  // namespace

std::string residuals_figure(const Analysis& analysis, const fs::path& dir) {
  DataBlocks data;
  std::vector<std::string> panels;
  for (const std::string& p : {parabola_panel(analysis.isoflop.budgets, data), law_panel(analysis, true, data),
                               law_panel(analysis, false, data), parametric_panel(analysis, data)}) {
    if (!p.empty()) panels.push_back(p);
  }
  if (panels.empty()) return "";
  data.write(dir / "residuals.dat");
  std::string body = fmt::format("set multiplot layout {},{} title 'Residuals of each fit'\n"
                                 "set grid\nset key top right font ',9' opaque box\nset xtics rotate by -45\n"
                                 // tight x range; headroom above the points for the key
                                 "set autoscale xfix\nset offsets graph 0.03, graph 0.03, graph 0.4, graph 0.05\n",
                                 panels.size() > 2 ? 2 : 1, panels.size() > 1 ? 2 : 1);
  for (const auto& p : panels) body += p + "unset logscale\nset key inside top right\n";
  return body + "unset multiplot\n";
}

}  // namespace ff::figure
