// ff-plot's figures (see figures.h): settings, rendering, and what the figures share.
#include "ff/plot/figures.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/plot/figure_parts.h"
#include "ff/plot/gnuplot.h"

namespace ff {

namespace fs = std::filesystem;

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

namespace figure {

int DataBlocks::add(const std::string& rows) {
  text_ += (count_ > 0 ? "\n\n" : "") + rows;
  return count_++;
}

bool DataBlocks::write(const fs::path& path) const {
  if (count_ == 0) return false;
  write_file_atomic(path, text_);
  return true;
}

std::string approach_colour(Approach approach) {
  switch (approach) {
    case Approach::kEnvelope: return "#1b9e77";  // green
    case Approach::kIsoflop: return "#d95f02";   // orange
    case Approach::kParametric: break;
  }
  return "#7570b3";  // purple: parametric
}

std::string approach_label(Approach approach) {
  switch (approach) {
    case Approach::kEnvelope: return "1: envelope of curves";
    case Approach::kIsoflop: return "2: IsoFLOP profiles";
    case Approach::kParametric: break;
  }
  return "3: parametric L(N, D)";
}

std::string budget_label(double c) { return format_sci(c) + " FLOPs"; }

}  // namespace figure

namespace {

// Writes `name`.gp that draws `body` once per format (width_scale times as wide), has gnuplot
// load it, and returns the images (each checked to be written anew).
std::vector<fs::path> render(const std::string& name, const std::string& body, const fs::path& dir,
                             const PlotSettings& s, double width_scale) {
  std::string script = gp_preamble(name);
  std::vector<fs::path> images;
  for (const auto& format : s.formats) {
    const std::string file = name + "." + format;
    const std::string terminal = format == "png" ? "pngcairo" : "svg";
    script += fmt::format("reset\nset terminal {} size {},{} noenhanced font \"Sans,11\"\nset output {}\n", terminal,
                          static_cast<int>(s.width * width_scale), s.height, gp_quote(file));
    script += body + "unset output\n";
    images.push_back(dir / file);
  }
  const fs::path script_path = dir / (name + ".gp");
  write_file_atomic(script_path, script);
  for (const auto& image : images) fs::remove(image);  // so that an image left by an earlier run cannot pass for this one
  run_gnuplot(s.gnuplot, script_path);
  for (const auto& image : images) {
    check(fs::is_regular_file(image) && fs::file_size(image) > 0, "{}: plot.gnuplot ('{}') ran it but wrote no {}",
          script_path.string(), s.gnuplot, image.string());
  }
  return images;
}

}  // namespace

std::vector<fs::path> plot_all(const Analysis& analysis, const std::vector<RunCurve>& curves, const fs::path& out_dir,
                               const PlotSettings& s) {
  require_gnuplot(s.gnuplot);
  ensure_dir(out_dir);
  std::vector<fs::path> images;
  auto add = [&](const std::string& name, const std::string& body, double width_scale) {
    if (body.empty()) return;
    const auto files = render(name, body, out_dir, s, width_scale);
    images.insert(images.end(), files.begin(), files.end());
  };
  add("isoflop", figure::isoflop_figure(analysis, out_dir), 1.0);
  add("scaling", figure::scaling_figure(analysis, out_dir), 1.5);
  add("curves", figure::curves_figure(analysis, curves, out_dir), 1.0);
  add("contours", figure::contour_figure(analysis, out_dir), 1.0);
  add("residuals", figure::residuals_figure(analysis, out_dir), 1.5);
  add("rollout", figure::rollout_figure(analysis, out_dir), 1.5);
  add("hyper", figure::hyper_figure(analysis, out_dir), 1.5);
  return images;
}

}  // namespace ff
