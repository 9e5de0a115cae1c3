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
using nlohmann::json;

namespace {

// The parabola c0 + c1 ln N + c2 ln^2 N over the budget's sampled sizes, 41 points.
std::string parabola_rows(const json& b) {
  const double c0 = b["parabola"]["c0"], c1 = b["parabola"]["c1"], c2 = b["parabola"]["c2"];
  const double lo = std::log(b.at("n_min").get<double>()), hi = std::log(b.at("n_max").get<double>());
  std::string rows;
  for (int i = 0; i <= 40; ++i) {
    const double x = lo + (hi - lo) * i / 40.0;
    rows += fmt::format("{:.6g} {:.6g}\n", std::exp(x), c0 + c1 * x + c2 * x * x);
  }
  return rows;
}

}  // namespace

std::string isoflop_figure(const json& analysis, const fs::path& dir) {
  const json& budgets = approach_of(analysis, "isoflop").value("budgets", json::array());
  if (budgets.empty()) return "";
  DataBlocks data;
  std::string plots;
  int colour = 1;
  for (const auto& b : budgets) {
    std::string rows;
    for (const auto& r : b.at("runs")) {
      rows += fmt::format("{:.6g} {:.6g}\n", r.at("n_params").get<double>(), r.at("final_loss").get<double>());
    }
    plots += fmt::format("{}'isoflop.dat' index {} using 1:2 with points pt 7 ps 1.2 lc {} title {}",
                         plots.empty() ? "" : ", \\\n  ", data.add(rows), colour,
                         gp_quote(budget_label(b.at("compute_budget"))));
    if (b.at("used").get<bool>()) {
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with lines lw 2 lc {} notitle", data.add(parabola_rows(b)),
                           colour);
      const int vertex = data.add(fmt::format("{:.6g} {:.6g}\n", b.at("n_opt").get<double>(), b.at("loss_opt").get<double>()));
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with points pt 12 ps 2.5 lw 2 lc {} notitle", vertex, colour);
    }
    ++colour;
  }
  data.write(dir / "isoflop.dat");
  return "set title 'IsoFLOP profiles: final loss against model size (parabola in ln N, vertex marked)'\n"
         "set logscale x\nset format x '1e%L'\nset xlabel 'parameters N'\nset ylabel 'final loss (nats/token)'\n"
         "set key outside right\nset grid\nplot " + plots + "\n";
}

std::string curves_figure(const json& analysis, const fs::path& runs_dir, const fs::path& dir) {
  DataBlocks data;
  std::string plots;
  int colour = 1;
  double lo = HUGE_VAL, hi = 0;  // loss range, nats/token
  for (const auto& b : approach_of(analysis, "isoflop").value("budgets", json::array())) {
    bool titled = false;
    for (const auto& r : b.at("runs")) {
      const fs::path curve = runs_dir / r.value("run_id", "") / "curve.csv";
      if (r.value("run_id", "").empty() || !fs::is_regular_file(curve)) continue;
      std::string rows;
      for (const auto& p : read_curve(curve)) {
        rows += fmt::format("{:.6g} {:.6g}\n", p.flops, p.eval_loss);
        lo = std::min(lo, p.eval_loss), hi = std::max(hi, p.eval_loss);
      }
      plots += fmt::format("{}'curves.dat' index {} using 1:2 with lines lw 1.5 lc {} {}", plots.empty() ? "" : ", \\\n  ",
                           data.add(rows), colour,
                           titled ? "notitle" : "title " + gp_quote(budget_label(b.at("compute_budget"))));
      titled = true;
    }
    ++colour;
  }
  if (plots.empty()) return "";
  std::string envelope;
  for (const auto& p : approach_of(analysis, "envelope").value("points", json::array())) {
    envelope += fmt::format("{:.6g} {:.6g}\n", p.at("flops").get<double>(), p.at("loss").get<double>());
  }
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
