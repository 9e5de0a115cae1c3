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
using nlohmann::json;

namespace {

const char* const kApproaches[] = {"envelope", "isoflop", "parametric"};

// The compute range to draw: every budget measured or predicted.
std::pair<double, double> compute_range(const json& analysis) {
  double lo = HUGE_VAL, hi = 0;
  auto see = [&](double c) { lo = std::min(lo, c), hi = std::max(hi, c); };
  for (const auto& b : approach_of(analysis, "isoflop").value("budgets", json::array())) see(b.at("compute_budget"));
  for (const auto& p : approach_of(analysis, "envelope").value("points", json::array())) see(p.at("flops"));
  for (const auto& r : approach_of(analysis, "parametric").value("runs", json::array())) see(r.at("compute_budget"));
  for (const auto& p : analysis.value("predictions", json::array())) see(p.at("compute_budget"));
  return {lo, hi};
}

std::string bounds_text(const json& interval) {
  return interval.is_array() ? fmt::format(" ({:.3f}-{:.3f})", interval[0].get<double>(), interval[1].get<double>()) : "";
}

// Blocks for one approach: [band, law, predictions]; -1 where there is nothing.
struct LawBlocks {
  int band = -1, law = -1, predictions = -1;
};

LawBlocks approach_blocks(const json& ap, const std::string& name, const json& predictions, double lo, double hi,
                          DataBlocks& data) {
  LawBlocks b;
  std::string band, law, pred;
  for (const auto& p : ap.value("band", json::array())) {
    if (!p.at("n_params_interval").is_array() || !p.at("tokens_interval").is_array()) continue;
    band += fmt::format("{:.6g} {:.6g} {:.6g} {:.6g} {:.6g}\n", p.at("compute_budget").get<double>(),
                        p["n_params_interval"][0].get<double>(), p["n_params_interval"][1].get<double>(),
                        p["tokens_interval"][0].get<double>(), p["tokens_interval"][1].get<double>());
  }
  const double kn = ap["n_opt"]["coefficient"], a = ap["n_opt"]["exponent"];
  const double kd = ap["d_opt"]["coefficient"], bexp = ap["d_opt"]["exponent"];
  for (int i = 0; i <= 60; ++i) {
    const double c = lo * std::pow(hi / lo, i / 60.0);
    law += fmt::format("{:.6g} {:.6g} {:.6g}\n", c, kn * std::pow(c, a), kd * std::pow(c, bexp));
  }
  for (const auto& p : predictions) {
    if (p.at("approach") != name) continue;
    pred += fmt::format("{:.6g} {:.6g} {:.6g}\n", p.at("compute_budget").get<double>(), p.at("n_params").get<double>(),
                        p.at("tokens").get<double>());
  }
  if (!band.empty()) b.band = data.add(band);
  b.law = data.add(law);
  if (!pred.empty()) b.predictions = data.add(pred);
  return b;
}

// One panel: column 2 (N) or 3 (D) of the laws; band columns 2:3 or 4:5.
std::string panel(const json& ap, const std::vector<std::pair<std::string, LawBlocks>>& blocks, int vertices,
                  int envelope, bool n_panel, double lo, double hi) {
  const int col = n_panel ? 2 : 3;
  const std::string band_cols = n_panel ? "2:3" : "4:5";
  const char* exponent = n_panel ? "a" : "b";
  std::string plots;
  auto add = [&](const std::string& p) { plots += (plots.empty() ? "" : ", \\\n  ") + p; };
  for (const auto& [name, b] : blocks) {
    if (b.band >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with filledcurves fs transparent solid 0.18 "
                                     "noborder lc rgb '{}' notitle", b.band, band_cols, approach_colour(name)));
  }
  for (const auto& [name, b] : blocks) {
    const json& j = ap.at(name);
    add(fmt::format("'scaling.dat' index {} using 1:{} with lines lw 2.5 lc rgb '{}' title {}", b.law, col,
                    approach_colour(name),
                    gp_quote(fmt::format("{}: {} = {:.3f}{}", approach_label(name), exponent, j.at(exponent).get<double>(),
                                         bounds_text(j["intervals"].value(exponent, json()))))));
  }
  if (vertices >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 7 ps 1.4 lc rgb '{}' title "
                                     "'IsoFLOP minima'", vertices, col, approach_colour("isoflop")));
  if (envelope >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 7 ps 0.5 lc rgb '{}' title "
                                     "'envelope minima'", envelope, col, approach_colour("envelope")));
  for (const auto& [name, b] : blocks) {
    if (b.predictions >= 0) add(fmt::format("'scaling.dat' index {} using 1:{} with points pt 6 ps 1.6 lw 2 lc rgb '{}' "
                                            "notitle", b.predictions, col, approach_colour(name)));
  }
  return fmt::format("set xrange [{:.6g}:{:.6g}]\nset ylabel '{}'\nset title '{}'\nplot {}\n", lo / 2, hi * 2,
                     n_panel ? "optimal parameters N_opt" : "optimal tokens D_opt",
                     n_panel ? "N_opt against compute (open circles: predictions)" : "D_opt against compute (shaded: 95% bootstrap band)",
                     plots);
}

}  // namespace

std::string scaling_figure(const json& analysis, const fs::path& dir) {
  const json& ap = analysis.value("approaches", json::object());
  const auto [lo, hi] = compute_range(analysis);
  if (!(hi >= lo)) return "";
  DataBlocks data;
  std::vector<std::pair<std::string, LawBlocks>> blocks;
  for (const char* name : kApproaches) {
    if (ap.contains(name) && ap[name].value("fitted", false)) {
      blocks.emplace_back(name, approach_blocks(ap[name], name, analysis.value("predictions", json::array()), lo, hi, data));
    }
  }
  if (blocks.empty()) return "";
  std::string vertices, envelope;
  for (const auto& b : approach_of(analysis, "isoflop").value("budgets", json::array())) {
    if (b.at("used").get<bool>()) vertices += fmt::format("{:.6g} {:.6g} {:.6g}\n", b.at("compute_budget").get<double>(),
                                                          b.at("n_opt").get<double>(), b.at("d_opt").get<double>());
  }
  for (const auto& p : approach_of(analysis, "envelope").value("points", json::array())) {
    envelope += fmt::format("{:.6g} {:.6g} {:.6g}\n", p.at("flops").get<double>(), p.at("n_params").get<double>(),
                            p.at("tokens").get<double>());
  }
  const int v = vertices.empty() ? -1 : data.add(vertices);
  const int e = envelope.empty() ? -1 : data.add(envelope);
  data.write(dir / "scaling.dat");
  return "set multiplot layout 1,2 title 'Compute-optimal model size and data, every approach'\n"
         "set logscale xy\nset format x '1e%L'\nset format y '1e%L'\nset xtics rotate by -45\n"
         "set xlabel 'compute C (FLOPs)'\nset key top left font ',9' opaque box\nset grid\n" +
         panel(ap, blocks, v, e, true, lo, hi) + panel(ap, blocks, v, e, false, lo, hi) + "unset multiplot\n";
}

}  // namespace ff::figure
