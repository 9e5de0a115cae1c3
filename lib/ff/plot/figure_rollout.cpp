// The rolling hold-out (see figure_parts.h): each approach's N_opt and loss errors against the
// extrapolation distance C_k / (largest fitted C).
#include <cmath>
#include <string>

#include "ff/common/error.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff::figure {

namespace fs = std::filesystem;

namespace {

// 100 x (predicted / measured - 1) of N_opt (n_panel) or of the loss against the distance, one
// line per approach.
std::string rollout_panel(const Analysis& analysis, bool n_panel, DataBlocks& data) {
  std::string plots;
  for (Approach approach : kAllApproaches) {
    std::string rows;
    for (const RolloutStep& s : analysis.rollout.of(approach)) {
      const double error = n_panel ? s.check.n_error : s.check.loss_error;
      if (s.check.done && std::isfinite(error)) rows += fmt::format("{:.6g} {:.6g}\n", s.extrapolation, 100 * error);
    }
    if (rows.empty()) continue;
    plots += fmt::format("{}'rollout.dat' index {} using 1:2 with points pt 7 ps 1.4 lc rgb '{}' title {}",
                         plots.empty() ? "" : ", ", data.add(rows), approach_colour(approach),
                         gp_quote(approach_label(approach)));
  }
  if (plots.empty()) return "";
  return fmt::format("set title '{} error of the prediction'\nset xlabel 'extrapolation: budget / largest fitted budget'\n"
                     "set ylabel 'predicted / measured - 1 (%)'\nplot {}, 0 with lines lc rgb 'gray' notitle\n",
                     n_panel ? "N_opt" : "Loss", plots);
}

}  // namespace

std::string rollout_figure(const Analysis& analysis, const fs::path& dir) {
  DataBlocks data;
  const std::string n_panel = rollout_panel(analysis, true, data);
  if (n_panel.empty()) return "";
  const std::string loss_panel = rollout_panel(analysis, false, data);
  data.write(dir / "rollout.dat");
  std::string body = fmt::format("set multiplot layout 1,{} title 'Rolling hold-out: each budget predicted from those below it'\n"
                                 "set grid\nset key top left font ',9' opaque box\nset logscale x\n"
                                 "set offsets graph 0.05, graph 0.05, graph 0.2, graph 0.05\n",
                                 loss_panel.empty() ? 1 : 2);
  return body + n_panel + loss_panel + "unset multiplot\n";
}

}  // namespace ff::figure
