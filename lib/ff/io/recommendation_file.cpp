// recommended/<budget>.yaml (see recommendation_file.h).
#include "ff/io/recommendation_file.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

std::string with_interval(double v, const Bounds& b) {
  if (!std::isfinite(v)) return "-";
  return b.known() ? fmt::format("{:.4g} ({:.4g} - {:.4g})", v, b.lo, b.hi) : fmt::format("{:.4g}", v);
}

}  // namespace

Config recommendation_config(const Recommendation& r, const Config& sweep_config) {
  Config c = sweep_config;
  c.merge_override(fmt::format("compute.budgets=[{:.17g}]", r.prediction.compute_budget));
  c.merge_override(fmt::format("sizes.widths=[{}]", r.run.arch.d_model));
  c.merge_override(fmt::format("model.aspect_ratio={:.17g}", r.aspect_ratio));
  c.merge_override(fmt::format("train.lr={:.17g}", r.run.lr));  // the fitted laws' where the sweep had them
  c.merge_override(fmt::format("train.batch_size={}", r.run.batch_size));
  return c;
}

std::string recommendation_yaml(const Recommendation& r, const Config& sweep_config, const std::string& analysis_source) {
  const Prediction& p = r.prediction;
  const PlannedRun& run = r.run;
  std::string out = fmt::format(
      "# The compute-optimal run at {} FLOPs, as ff-analyze recommends it from {} ({} approach).\n"
      "# Plan it as one run: ff-plan --preset <this file> --dir <new sweep>; then ff-train --dir <new sweep>.\n"
      "# Predicted: N_opt {} params, D_opt {} tokens, loss {} nats/token (95% bootstrap intervals).\n"
      "# This run: d_model {}, {} layers, {} heads: N = {} params ({:+.2f}% from N_opt), {} tokens, {} steps of {}\n"
      "#   sequences x {} tokens, peak lr {:g}, {:.4g} FLOPs.\n"
      "# Below: the sweep's configuration with compute.budgets, sizes.widths, model.aspect_ratio, train.lr and\n"
      "#   train.batch_size set for this run.\n",
      format_sci(p.compute_budget), analysis_source, p.approach, with_interval(p.n_params, p.n_params_interval),
      with_interval(p.tokens, p.tokens_interval), with_interval(p.loss, p.loss_interval), run.arch.d_model,
      run.arch.n_layers, run.arch.n_heads, run.n_params, 100 * r.n_error, run.tokens, run.steps, run.batch_size,
      run.arch.seq_len, run.lr, run.flops);
  return out + recommendation_config(r, sweep_config).to_yaml();
}

void write_recommendation(const Recommendation& r, const Config& sweep_config, const std::string& analysis_source,
                          const std::filesystem::path& path) {
  if (path.has_parent_path()) ensure_dir(path.parent_path());
  write_file_atomic(path, recommendation_yaml(r, sweep_config, analysis_source));
}

}  // namespace ff
