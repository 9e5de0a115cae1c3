// The analysis as text (see report.h).
#include "ff/plot/report.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

std::string law_line(const char* name, const char* symbol, const PowerLaw& p) {
  return fmt::format("{} = {} C^{:.4f} (± {:.4f} s.e., R² {:.4f}, {} budgets)", name, format_sci(p.coefficient, 4),
                     p.exponent, p.exponent_se, p.r2, p.n_points) +
         (symbol[0] ? fmt::format("  [{}]", symbol) : "");
}

}  // namespace

std::string prediction_table(const Analysis& a) {
  std::string out = "| Compute (FLOPs) | Parameters | Tokens | Tokens / parameter | Expected loss |\n"
                    "|---:|---:|---:|---:|---:|\n";
  for (const auto& p : a.predictions) {
    out += fmt::format("| {} | {} | {} | {:.1f} | {:.3f} |\n", format_sci(p.compute_budget), format_count(p.n_params),
                       format_count(p.tokens), p.tokens_per_param, p.loss);
  }
  return out;
}

std::string chinchilla_markdown(const Analysis& a) {
  const IsoflopResult& iso = a.isoflop;
  std::string out = "# Compute-optimal models\n\n";
  out += fmt::format("From {} ({} runs with status ok). Approach 2 of Hoffmann et al. 2022 (IsoFLOP profiles).\n\n",
                     a.results_source, a.n_runs);
  out += "## Fitted laws\n\n";
  out += "- " + law_line("N_opt", "a", iso.n_opt) + "\n";
  out += "- " + law_line("D_opt", "b", iso.d_opt) + "\n";
  if (iso.loss_fitted) {
    out += fmt::format("- L_opt = {:.4f} + {} C^{:.4f} (loss at the IsoFLOP minima; E fitted, R² {:.4f})\n",
                       iso.loss_opt.offset, format_sci(iso.loss_opt.power.coefficient, 4), iso.loss_opt.power.exponent,
                       iso.loss_opt.power.r2);
  }
  out += "\n";
  out += "## IsoFLOP minima\n\n| Budget (FLOPs) | Runs | N_opt | D_opt | Loss at vertex | Used |\n|---:|---:|---:|---:|---:|:---|\n";
  for (const auto& b : iso.budgets) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", format_sci(b.compute_budget), b.n_runs,
                       b.n_opt > 0 ? format_count(b.n_opt) : "-", b.d_opt > 0 ? format_count(b.d_opt) : "-",
                       b.loss_opt > 0 ? fmt::format("{:.4f}", b.loss_opt) : "-", b.used ? "yes" : "no: " + b.reason);
  }
  out += "\n## Predictions (cf. Table 3 of Hoffmann et al. 2022)\n\n" + prediction_table(a);
  if (!a.warnings.empty()) {
    out += "\n## Warnings\n\n";
    for (const auto& w : a.warnings) out += "- " + w + "\n";
  }
  return out;
}

std::string chinchilla_csv(const Analysis& a) {
  std::string out = "approach,compute_budget,n_params,tokens,tokens_per_param,loss\n";
  for (const auto& p : a.predictions) {
    out += fmt::format("{},{:.6g},{:.6g},{:.6g},{:.4f},{:.6f}\n", p.approach, p.compute_budget, p.n_params, p.tokens,
                       p.tokens_per_param, p.loss);
  }
  return out;
}

std::string analysis_summary(const Analysis& a) {
  const IsoflopResult& iso = a.isoflop;
  std::string out = fmt::format("isoflop: N_opt ∝ C^{:.4f} (± {:.4f}), D_opt ∝ C^{:.4f} (± {:.4f}), from {} budgets\n",
                                iso.n_opt.exponent, iso.n_opt.exponent_se, iso.d_opt.exponent, iso.d_opt.exponent_se,
                                iso.n_opt.n_points);
  return out + "\n" + prediction_table(a);
}

}  // namespace ff
