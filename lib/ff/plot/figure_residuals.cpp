// Residuals of every fit (see figure_parts.h): the IsoFLOP parabolas, the N_opt and D_opt power
// laws of Approaches 1 and 2, and the parametric loss of Approach 3.
#include <cmath>
#include <vector>

#include "ff/common/error.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// loss - parabola(ln N) for every run of every used budget, one block per budget.
std::string parabola_panel(const json& budgets, DataBlocks& data) {
  std::string plots;
  int colour = 0;
  for (const auto& b : budgets) {
    ++colour;
    if (!b.at("used").get<bool>()) continue;
    const double c0 = b["parabola"]["c0"], c1 = b["parabola"]["c1"], c2 = b["parabola"]["c2"];
    std::string rows;
    for (const auto& r : b.at("runs")) {
      const double x = std::log(r.at("n_params").get<double>());
      rows += fmt::format("{:.6g} {:.6g}\n", std::exp(x), r.at("final_loss").get<double>() - (c0 + c1 * x + c2 * x * x));
    }
    plots += fmt::format("{}'residuals.dat' index {} using 1:2 with points pt 7 ps 1.1 lc {} title {}",
                         plots.empty() ? "" : ", ", data.add(rows), colour, gp_quote(budget_label(b.at("compute_budget"))));
  }
  if (plots.empty()) return "";
  return "set title 'IsoFLOP parabolas: loss - fit'\nset key outside right\nset logscale x\nset format x '1e%L'\nset xlabel 'parameters N'\n"
         "set ylabel 'residual (nats/token)'\nplot " + plots + ", 0 with lines lc rgb 'gray' notitle\n";
}

// ln(value / law(C)) of the optima of Approaches 1 and 2 for field n_opt or d_opt.
std::string law_panel(const json& analysis, const char* field, DataBlocks& data) {
  std::string plots;
  for (const char* name : {"envelope", "isoflop"}) {
    const json& j = approach_of(analysis, name);
    if (!j.value("fitted", false)) continue;
    const double k = j[field]["coefficient"], e = j[field]["exponent"];
    std::string rows;
    auto add = [&](double c, double v) { rows += fmt::format("{:.6g} {:.6g}\n", c, std::log(v / (k * std::pow(c, e)))); };
    if (std::string(name) == "isoflop") {
      for (const auto& b : j.at("budgets"))
        if (b.at("used").get<bool>()) add(b.at("compute_budget"), b.at(field));
    } else {
      for (const auto& p : j.at("points")) add(p.at("flops"), p.at(std::string(field) == "n_opt" ? "n_params" : "tokens"));
    }
    plots += fmt::format("{}'residuals.dat' index {} using 1:2 with points pt 7 ps {} lc rgb '{}' title {}",
                         plots.empty() ? "" : ", ", data.add(rows), std::string(name) == "isoflop" ? 1.5 : 0.6,
                         approach_colour(name), gp_quote(approach_label(name)));
  }
  if (plots.empty()) return "";
  return fmt::format("set title '{} power law: ln(optimum / law)'\nset logscale x\nset format x '1e%L'\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel 'log residual'\nplot {}, 0 with lines lc rgb 'gray' notitle\n",
                     std::string(field) == "n_opt" ? "N_opt" : "D_opt", plots);
}

// ln L - ln L_hat of every run the parametric fit saw.
std::string parametric_panel(const json& p, DataBlocks& data) {
  if (!p.value("fitted", false)) return "";
  std::string rows;
  for (const auto& r : p.at("runs")) {
    rows += fmt::format("{:.6g} {:.6g}\n", r.at("compute_budget").get<double>(),
                        std::log(r.at("final_loss").get<double>() / r.at("predicted").get<double>()));
  }
  return fmt::format("set title 'Parametric loss: ln(L / L_hat) per run'\nset logscale x\nset format x '1e%L'\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel 'log residual'\n"
                     "plot 'residuals.dat' index {} using 1:2 with points pt 7 ps 0.8 lc rgb '{}' title {}, "
                     "0 with lines lc rgb 'gray' notitle\n",
                     data.add(rows), approach_colour("parametric"), gp_quote(approach_label("parametric")));
}

}  // namespace

std::string residuals_figure(const json& analysis, const fs::path& dir) {
  DataBlocks data;
  std::vector<std::string> panels;
  for (const std::string& p : {parabola_panel(approach_of(analysis, "isoflop").value("budgets", json::array()), data),
                               law_panel(analysis, "n_opt", data), law_panel(analysis, "d_opt", data),
                               parametric_panel(approach_of(analysis, "parametric"), data)}) {
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
