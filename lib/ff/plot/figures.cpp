// ff-plot's figures (see figures.h).
#include "ff/plot/figures.h"

#include <algorithm>
#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/plot/gnuplot.h"
#include "ff/train/run_outcome.h"

namespace ff {

namespace fs = std::filesystem;
using nlohmann::json;

PlotSettings read_plot_settings(const Config& c) {
  PlotSettings s;
  s.formats = c.get_strings("plot.formats");
  if (s.formats.empty()) c.fail_at("plot.formats", "must name at least one format (png, svg)");
  for (const auto& f : s.formats) {
    if (f != "png" && f != "svg") c.fail_at("plot.formats", fmt::format("holds '{}': formats are png and svg", f));
  }
  s.width = static_cast<int>(c.get_int("plot.width"));
  s.height = static_cast<int>(c.get_int("plot.height"));
  if (s.width < 100 || s.width > 10000) c.fail_at("plot.width", "must lie in [100, 10000] pixels");
  if (s.height < 100 || s.height > 10000) c.fail_at("plot.height", "must lie in [100, 10000] pixels");
  s.gnuplot = c.get_string("plot.gnuplot");
  return s;
}

namespace {

// Writes `name`.gp that draws `body` once per format, runs it, returns the images.
std::vector<fs::path> render(const std::string& name, const std::string& body, const fs::path& dir,
                             const PlotSettings& s) {
  std::string script = "# " + name + ": written by ff-plot; edit and re-run with `gnuplot " + name + ".gp`.\n";
  std::vector<fs::path> images;
  for (const auto& format : s.formats) {
    const std::string file = name + "." + format;
    const std::string terminal = format == "png" ? "pngcairo" : "svg";
    script += fmt::format("reset\nset terminal {} size {},{} noenhanced font \"Sans,11\"\nset output {}\n", terminal,
                          s.width, s.height, gp_quote(file));
    script += body + "unset output\n";
    images.push_back(dir / file);
  }
  write_file_atomic(dir / (name + ".gp"), script);
  run_gnuplot(s.gnuplot, fs::absolute(dir / (name + ".gp")));
  return images;
}

std::string budget_label(double c) { return format_sci(c) + " FLOPs"; }

std::string isoflop_figure(const json& iso, const fs::path& dir) {
  std::string data, plots;
  int block = 0, colour = 1;
  for (const auto& b : iso.at("budgets")) {
    for (const auto& r : b.at("runs")) {
      data += fmt::format("{:.6g} {:.6g}\n", r.at("n_params").get<double>(), r.at("final_loss").get<double>());
    }
    data += "\n\n";
    plots += fmt::format("{}'isoflop.dat' index {} using 1:2 with points pt 7 ps 1.2 lc {} title {}", plots.empty() ? "" : ", \\\n  ",
                         block++, colour, gp_quote(budget_label(b.at("compute_budget"))));
    if (b.at("used").get<bool>()) {
      const double c0 = b["parabola"]["c0"], c1 = b["parabola"]["c1"], c2 = b["parabola"]["c2"];
      const double lo = std::log(b.at("n_min").get<double>()), hi = std::log(b.at("n_max").get<double>());
      for (int i = 0; i <= 40; ++i) {
        const double x = lo + (hi - lo) * i / 40.0;
        data += fmt::format("{:.6g} {:.6g}\n", std::exp(x), c0 + c1 * x + c2 * x * x);
      }
      data += fmt::format("\n\n{:.6g} {:.6g}\n\n\n", b.at("n_opt").get<double>(), b.at("loss_opt").get<double>());
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with lines lw 2 lc {} notitle", block++, colour);
      plots += fmt::format(", \\\n  'isoflop.dat' index {} using 1:2 with points pt 12 ps 2.5 lw 2 lc {} notitle", block++, colour);
    }
    ++colour;
  }
  write_file_atomic(dir / "isoflop.dat", data);
  return "set title 'IsoFLOP profiles: final loss against model size (parabola in ln N, vertex marked)'\n"
         "set logscale x\nset xlabel 'parameters N'\nset ylabel 'final loss (nats/token)'\nset key outside right\n"
         "set grid\nplot " + plots + "\n";
}

std::string law_panel(const json& iso, const json& predictions, const char* field, const char* law,
                      const char* ylabel, const std::string& data_file, const fs::path& dir) {
  std::string data;
  double c_min = 1e300, c_max = 0;
  for (const auto& b : iso.at("budgets")) {
    if (!b.at("used").get<bool>()) continue;
    const double c = b.at("compute_budget");
    c_min = std::min(c_min, c);
    c_max = std::max(c_max, c);
    data += fmt::format("{:.6g} {:.6g}\n", c, b.at(field).get<double>());
  }
  data += "\n\n";
  const char* pred_field = std::string(field) == "n_opt" ? "n_params" : "tokens";
  for (const auto& p : predictions) {
    const double c = p.at("compute_budget");
    c_max = std::max(c_max, c);
    data += fmt::format("{:.6g} {:.6g}\n", c, p.at(pred_field).get<double>());
  }
  write_file_atomic(dir / data_file, data);
  const double k = iso[law]["coefficient"], e = iso[law]["exponent"];
  return fmt::format("set logscale xy\nset format x '1e%L'\nset format y '1e%L'\nset xtics rotate by -45\n"
                     "set xlabel 'compute C (FLOPs)'\nset ylabel '{}'\nset key top left\nset grid\n"
                     "set xrange [{:.6g}:{:.6g}]\nset samples 200\n"
                     "plot {:.10g}*x**{:.10g} with lines lw 2 lc 1 title sprintf('fit: {} = %.3g C^%.4f', {:.10g}, {:.10g}), \\\n"
                     "  '{}' index 0 using 1:2 with points pt 7 ps 1.3 lc 2 title 'IsoFLOP minima', \\\n"
                     "  '{}' index 1 using 1:2 with points pt 6 ps 1.5 lc 3 title 'predictions'\n",
                     ylabel, c_min / 2, c_max * 2, k, e, law, k, e, data_file, data_file);
}

std::string scaling_figure(const json& analysis, const fs::path& dir) {
  const json& iso = analysis["approaches"]["isoflop"];
  return "set multiplot layout 1,2 title 'Compute-optimal model size and data (IsoFLOP approach)'\n" +
         law_panel(iso, analysis["predictions"], "n_opt", "n_opt", "optimal parameters N_opt", "n_opt.dat", dir) +
         law_panel(iso, analysis["predictions"], "d_opt", "d_opt", "optimal tokens D_opt", "d_opt.dat", dir) +
         "unset multiplot\n";
}

std::string curves_figure(const json& iso, const fs::path& runs_dir, const fs::path& dir) {
  std::string data, plots;
  int block = 0, colour = 1;
  for (const auto& b : iso.at("budgets")) {
    bool titled = false;
    for (const auto& r : b.at("runs")) {
      const fs::path curve = runs_dir / r.value("run_id", "") / "curve.csv";
      if (r.value("run_id", "").empty() || !fs::is_regular_file(curve)) continue;
      for (const auto& p : read_curve(curve)) data += fmt::format("{:.6g} {:.6g}\n", p.flops, p.eval_loss);
      data += "\n\n";
      plots += fmt::format("{}'curves.dat' index {} using 1:2 with lines lw 1.5 lc {} {}", plots.empty() ? "" : ", \\\n  ",
                           block++, colour, titled ? "notitle" : "title " + gp_quote(budget_label(b.at("compute_budget"))));
      titled = true;
    }
    ++colour;
  }
  if (plots.empty()) return "";
  write_file_atomic(dir / "curves.dat", data);
  return "set title 'Held-out loss during training, coloured by compute budget'\nset logscale xy\n"
         "set xlabel 'training compute (FLOPs)'\nset ylabel 'held-out loss (nats/token)'\nset key outside right\n"
         "set grid\nplot " + plots + "\n";
}

}  // namespace

std::vector<fs::path> plot_all(const json& analysis, const fs::path& runs_dir, const fs::path& out_dir,
                               const PlotSettings& s) {
  require_gnuplot(s.gnuplot);
  ensure_dir(out_dir);
  std::vector<fs::path> images;
  const json& iso = analysis.at("approaches").at("isoflop");
  auto add = [&](const std::string& name, const std::string& body) {
    if (body.empty()) return;
    const auto files = render(name, body, out_dir, s);
    images.insert(images.end(), files.begin(), files.end());
  };
  add("isoflop", isoflop_figure(iso, out_dir));
  if (iso.value("fitted", false)) add("scaling", scaling_figure(analysis, out_dir));
  add("curves", curves_figure(iso, runs_dir, out_dir));
  return images;
}

}  // namespace ff
