// The hyperparameter laws as text (see hyper_report.h).
#include "ff/io/hyper_report.h"

#include <cmath>

#include "ff/common/error.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

int used_groups(const HyperLaw& l) {
  int n = 0;
  for (const auto& g : l.groups) n += g.used ? 1 : 0;
  return n;
}

std::string interval(const Bounds& b, const char* format) {
  if (!b.known()) return "";
  return " (" + fmt::format(fmt::runtime(format), b.lo) + " – " + fmt::format(fmt::runtime(format), b.hi) + ")";
}

std::string law_row(const char* name, const char* symbol, const HyperLaw& l) {
  if (!l.fitted) return fmt::format("| {} | - | - | - | {} |\n", name, l.reason);
  const std::string vs_n = l.params_fitted ? fmt::format("{:.4f}{}", l.vs_params.exponent,
                                                         interval(l.params_exponent_interval, "{:.4f}"))
                                           : "-";
  return fmt::format("| {} | {}{} | {:.4f}{} | {} | {} of {} groups; {} = k C^x |\n", name, format_sci(l.vs_compute.coefficient, 4),
                     interval(l.coefficient_interval, "{:.3g}"), l.vs_compute.exponent,
                     interval(l.exponent_interval, "{:.4f}"), vs_n, used_groups(l), l.groups.size(), symbol);
}

std::string optimum_cell(const HyperGroup* g, const char* format) {
  if (!g || g->profile.size() < 2) return "-";
  if (!g->used) return "no interior optimum";
  return fmt::format(fmt::runtime(format), g->optimum);
}

}  // namespace

std::string hyper_markdown(const HyperparameterLaws& laws) {
  if (!laws.present) return "";
  std::string out = "## Hyperparameter laws\n\nPer (budget, size) group the optimum of a parabola in ln lr (ln batch) "
                    "through the lowest losses; power laws through the optima (DeepSeek-AI 2024, sec. 3.1), with "
                    "bootstrap intervals over the groups.\n\n";
  out += "| Hyperparameter | k | Exponent of C | Exponent of N | Fitted from |\n|:---|---:|---:|---:|:---|\n";
  out += law_row("peak lr", "lr_opt", laws.lr) + law_row("batch size (sequences)", "B_opt", laws.batch_size);
  out += "\n| Budget (FLOPs) | N | Runs | Optimal lr | Optimal batch |\n|---:|---:|---:|---:|---:|\n";
  const std::size_t n = std::max(laws.lr.groups.size(), laws.batch_size.groups.size());
  for (std::size_t i = 0; i < n; ++i) {
    const HyperGroup* lr = i < laws.lr.groups.size() ? &laws.lr.groups[i] : nullptr;
    const HyperGroup* b = i < laws.batch_size.groups.size() ? &laws.batch_size.groups[i] : nullptr;
    const HyperGroup& g = lr ? *lr : *b;
    out += fmt::format("| {} | {} | {} | {} | {} |\n", format_sci(g.compute_budget), format_count(g.n_params), g.n_runs,
                       optimum_cell(lr, "{:.4g}"), optimum_cell(b, "{:.1f}"));
  }
  return out + "\n";
}

std::string hyper_summary(const HyperparameterLaws& laws) {
  if (!laws.present) return "";
  std::string out;
  const std::pair<const char*, const HyperLaw*> rows[] = {{"lr", &laws.lr}, {"batch_size", &laws.batch_size}};
  for (const auto& [name, l] : rows) {
    if (!l->fitted) {
      out += fmt::format("{}: no law ({})\n", name, l->reason);
      continue;
    }
    out += fmt::format("{}: {}_opt = {} C^{:.4f}{}, from {} groups\n", name, name, format_sci(l->vs_compute.coefficient, 4),
                       l->vs_compute.exponent, interval(l->exponent_interval, "{:.4f}"), used_groups(*l));
  }
  return out;
}

}  // namespace ff
