// The analysis as text (see report.h).
#include "ff/io/report.h"

#include <cmath>
#include <functional>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/csv.h"
#include "ff/io/hyper_report.h"

namespace ff {

namespace {

const char* approach_title(Approach a) {
  switch (a) {
    case Approach::kEnvelope: return "1. Minimum over training curves";
    case Approach::kIsoflop: return "2. IsoFLOP profiles";
    default: return "3. Parametric fit of the loss";
  }
}

std::string number(double v, int digits = 4) {
  return std::isfinite(v) ? fmt::format("{:.{}g}", v, digits) : std::string("-");
}

// "0.4511 (0.4402 – 0.4630)"; the value alone without an interval.
std::string with_bounds(double v, const Bounds& b, const std::function<std::string(double)>& show) {
  if (!std::isfinite(v)) return "-";
  return b.known() ? fmt::format("{} ({} – {})", show(v), show(b.lo), show(b.hi)) : show(v);
}

std::string exponent(double v) { return fmt::format("{:.4f}", v); }

std::string percent(double v) { return std::isfinite(v) ? fmt::format("{:+.1f}%", 100 * v) : std::string("-"); }

std::string table2(const Analysis& a) {
  std::string out = "## Exponents (cf. Table 2 of Hoffmann et al. 2022)\n\n"
                    "| Approach | a: N_opt ∝ C^a | b: D_opt ∝ C^b | Bootstrap replicates used |\n|:---|:---|:---|---:|\n";
  for (const ApproachReport& r : a.approaches) {
    if (!r.fitted) {
      out += fmt::format("| {} | skipped: {} | | |\n", approach_title(r.approach), r.reason);
      continue;
    }
    const Uncertainty& u = r.uncertainty;
    out += fmt::format("| {} | {} | {} | {} |\n", approach_title(r.approach),
                       with_bounds(r.law.a(), u.interval("a"), exponent), with_bounds(r.law.b(), u.interval("b"), exponent),
                       u.replicates > 0 ? fmt::format("{} of {}", u.succeeded, u.replicates) : "none");
  }
  return out + "\nIntervals: central 95% of the bootstrap refits (runs resampled with replacement).\n\n";
}

std::string parametric_section(const Analysis& a) {
  const ApproachReport& r = a.report(Approach::kParametric);
  if (!r.fitted) return "";
  const ParametricFit& f = a.parametric.fit;
  std::string out = fmt::format(
      "## Parametric loss (Approach 3)\n\nL(N, D) = E + A / N^alpha + B / D^beta fitted to {} runs{} by Huber "
      "regression on log loss (delta {:g}); objective {:.6g}.\n\n| Parameter | Estimate (95% interval) |\n|:---|:---|\n",
      f.n_points, a.parametric.n_dropped > 0 ? fmt::format(" ({} highest losses left out)", a.parametric.n_dropped) : "",
      a.settings.huber_delta, f.objective);
  const std::vector<std::pair<const char*, double>> rows = {{"E", f.E},         {"A", f.A},       {"B", f.B},
                                                            {"alpha", f.alpha}, {"beta", f.beta}, {"G", f.G()}};
  for (const auto& [name, value] : rows) {
    out += fmt::format("| {} | {} |\n", name, with_bounds(value, r.uncertainty.interval(name), [](double v) { return number(v); }));
  }
  return out + "\n";
}

std::string law_lines(const ApproachReport& r) {
  const Frontier& f = r.law;
  const char* name = approach_name(r.approach);
  std::string out = fmt::format("- {}: N_opt = {} C^{:.4f}, D_opt = {} C^{:.4f}", name, format_sci(f.n_opt.coefficient, 4),
                                f.a(), format_sci(f.d_opt.coefficient, 4), f.b());
  if (std::isfinite(f.n_opt.exponent_se)) {
    out += fmt::format(" (s.e. of a {:.4f}, R² {:.4f}, {} points)", f.n_opt.exponent_se, f.n_opt.r2, f.n_opt.n_points);
  }
  if (f.loss_fitted) {
    out += fmt::format("; L_opt = {:.4f} + {} C^{:.4f}", f.loss_opt.offset, format_sci(f.loss_opt.power.coefficient, 4),
                       f.loss_opt.power.exponent);
  }
  return out + "\n";
}

std::string isoflop_minima(const IsoflopResult& iso) {
  if (iso.budgets.empty()) return "";
  std::string out = "## IsoFLOP minima (Approach 2)\n\n| Budget (FLOPs) | Runs | N_opt | D_opt | Loss at vertex | Used |\n"
                    "|---:|---:|---:|---:|---:|:---|\n";
  for (const auto& b : iso.budgets) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", format_sci(b.compute_budget), b.n_runs,
                       b.n_opt > 0 ? format_count(b.n_opt) : "-", b.d_opt > 0 ? format_count(b.d_opt) : "-",
                       b.loss_opt > 0 ? fmt::format("{:.4f}", b.loss_opt) : "-", b.used ? "yes" : "no: " + b.reason);
  }
  return out + "\n";
}

std::string holdout_section(const Analysis& a) {
  const HoldoutReference& h = a.holdout;
  if (!h.ok) return "## Hold-out check\n\nSkipped: " + h.reason + "\n\n";
  std::string out = fmt::format(
      "## Hold-out check\n\nEach approach, refitted without the {} runs of the largest budget ({} FLOPs), predicts "
      "the optimum there. Compared with that budget's own IsoFLOP vertex (N_opt {}, D_opt {}) and its lowest "
      "measured loss ({:.4f}); error = predicted / measured - 1.\n\n"
      "| Approach | N_opt | error | D_opt | error | Loss | error |\n|:---|---:|---:|---:|---:|---:|---:|\n",
      h.n_held_out, format_sci(h.compute_budget), format_count(h.n_opt), format_count(h.d_opt), h.loss);
  for (const ApproachReport& r : a.approaches) {
    const HoldoutCheck& c = r.holdout;
    if (!c.done) {
      out += fmt::format("| {} | skipped: {} | | | | | |\n", approach_name(r.approach), c.reason);
      continue;
    }
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", approach_name(r.approach), format_count(c.predicted.n_params),
                       percent(c.n_error), format_count(c.predicted.tokens), percent(c.d_error), number(c.predicted.loss),
                       percent(c.loss_error));
  }
  return out + "\n";
}

std::string rollout_section(const Analysis& a) {
  const Rollout& r = a.rollout;
  if (!r.reason.empty()) return "## Rolling hold-out\n\nSkipped: " + r.reason + "\n\n";
  std::string out =
      "## Rolling hold-out\n\nFor each budget from the third up, each approach refitted on the budgets below it predicts "
      "it; compared as the hold-out check is (error = predicted / measured - 1). Distance: the budget / the largest "
      "budget fitted.\n\n| Approach | Budget (FLOPs) | Budgets fitted | Distance | N_opt error | D_opt error | Loss error "
      "|\n|:---|---:|---:|---:|---:|---:|---:|\n";
  for (Approach k : kAllApproaches) {
    for (const RolloutStep& s : r.of(k)) {
      const std::string head = fmt::format("| {} | {} | {} | {:.2f}x ", approach_name(k),
                                           format_sci(s.reference.compute_budget), s.n_fitted_budgets, s.extrapolation);
      out += s.check.done ? fmt::format("{}| {} | {} | {} |\n", head, percent(s.check.n_error), percent(s.check.d_error),
                                        percent(s.check.loss_error))
                          : fmt::format("{}| skipped: {} | | |\n", head, s.check.reason);
    }
  }
  return out + "\n";
}

std::string prediction_table(const std::vector<Prediction>& predictions, bool with_approach) {
  std::string out = with_approach ? "| Approach " : "";
  out += "| Compute (FLOPs) | Parameters | Tokens | Tokens / parameter | Expected loss |\n";
  out += with_approach ? "|:---|---:|---:|---:|---:|---:|\n" : "|---:|---:|---:|---:|---:|\n";
  for (const auto& p : predictions) {
    if (with_approach) out += "| " + p.approach + " ";
    out += fmt::format("| {} | {} | {} | {:.1f} | {} |\n", format_sci(p.compute_budget),
                       with_bounds(p.n_params, p.n_params_interval, format_count),
                       with_bounds(p.tokens, p.tokens_interval, format_count), p.tokens_per_param,
                       with_bounds(p.loss, p.loss_interval, [](double v) { return fmt::format("{:.3f}", v); }));
  }
  return out;
}

}  // namespace

std::string chinchilla_markdown(const Analysis& a) {
  std::string out = "# Compute-optimal models\n\n";
  out += fmt::format("From {} ({} runs with status ok, {} training curves), by the three approaches of Hoffmann et al. "
                     "2022.\n\n",
                     a.results_source, a.n_runs, a.envelope.n_curves);
  out += table2(a) + parametric_section(a) + "## Fitted laws\n\n";
  for (const ApproachReport& r : a.approaches) {
    if (r.fitted) out += law_lines(r);
  }
  out += "\n" + isoflop_minima(a.isoflop) + holdout_section(a) + rollout_section(a);
  out += "## Predictions (cf. Table 3 of Hoffmann et al. 2022)\n\n" + prediction_table(a.predictions, true);
  const std::string hyper = hyper_markdown(a.hyperparameters);
  if (!hyper.empty()) out += "\n" + hyper;
  if (!a.warnings.empty()) {
    out += "\n## Warnings\n\n";
    for (const auto& w : a.warnings) out += "- " + w + "\n";
  }
  return out;
}

std::string chinchilla_csv(const Analysis& a) {
  std::string out = "approach,compute_budget,n_params,n_params_lo,n_params_hi,tokens,tokens_lo,tokens_hi,tokens_per_param,"
                    "loss,loss_lo,loss_hi\n";
  auto value = [](double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : std::string(); };
  for (const auto& p : a.predictions) {
    out += fmt::format("{},{:.6g},{:.6g},{},{},{:.6g},{},{},{:.4f},{},{},{}\n", p.approach, p.compute_budget, p.n_params,
                       value(p.n_params_interval.lo), value(p.n_params_interval.hi), p.tokens,
                       value(p.tokens_interval.lo), value(p.tokens_interval.hi), p.tokens_per_param, value(p.loss),
                       value(p.loss_interval.lo), value(p.loss_interval.hi));
  }
  return out;
}

void write_chinchilla_markdown(const Analysis& a, const std::filesystem::path& path) {
  write_file_atomic(path, chinchilla_markdown(a));
}

void write_chinchilla_csv(const Analysis& a, const std::filesystem::path& path) {
  write_file_atomic(path, chinchilla_csv(a));
}

namespace {

const char* const kChinchillaColumns[] = {"approach",  "compute_budget", "n_params", "n_params_lo",
                                          "n_params_hi", "tokens",       "tokens_lo", "tokens_hi",
                                          "tokens_per_param", "loss",    "loss_lo",   "loss_hi"};

}  // namespace

std::vector<Prediction> parse_chinchilla_csv(const std::string& text, const std::string& source) {
  const CsvTable t = parse_csv(text, source);
  std::vector<int> c;
  for (const char* name : kChinchillaColumns) c.push_back(t.require_column(name));
  std::vector<Prediction> out;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    auto value = [&](int k) {  // column kChinchillaColumns[k]; empty = unknown
      const std::string& field = t.rows[i][c[k]];
      return field.empty() ? std::nan("") : parse_double(field, fmt::format("{}:{}: {}", source, t.lines[i], t.header[c[k]]));
    };
    Prediction p;
    p.approach = t.rows[i][c[0]];
    p.compute_budget = value(1);
    p.n_params = value(2);
    p.n_params_interval = {value(3), value(4)};
    p.tokens = value(5);
    p.tokens_interval = {value(6), value(7)};
    p.tokens_per_param = value(8);
    p.loss = value(9);
    p.loss_interval = {value(10), value(11)};
    out.push_back(p);
  }
  return out;
}

std::vector<Prediction> read_chinchilla_csv(const std::filesystem::path& path) {
  require_file(path, "chinchilla.csv", "run ff-analyze first");
  return parse_chinchilla_csv(read_file(path), path.string());
}

std::string prediction_table(const Analysis& a) {
  return prediction_table(a.report(a.preferred()).predictions, false);
}

std::string analysis_summary(const Analysis& a) {
  std::string out = hyper_summary(a.hyperparameters);
  for (const ApproachReport& r : a.approaches) {
    const char* name = approach_name(r.approach);
    if (!r.fitted) {
      out += fmt::format("{}: skipped (see the warnings)\n", name);
      continue;
    }
    const Uncertainty& u = r.uncertainty;
    out += fmt::format("{}: N_opt ∝ C^{}, D_opt ∝ C^{}", name, with_bounds(r.law.a(), u.interval("a"), exponent),
                       with_bounds(r.law.b(), u.interval("b"), exponent));
    if (r.approach == Approach::kIsoflop) out += fmt::format(", from {} budgets", r.law.n_opt.n_points);
    if (r.approach == Approach::kEnvelope) out += fmt::format(", from {} curves", a.envelope.n_curves);
    if (r.approach == Approach::kParametric) out += fmt::format(", from {} runs", a.parametric.fit.n_points);
    if (r.holdout.done) out += fmt::format("; hold-out N_opt error {}", percent(r.holdout.n_error));
    out += "\n";
  }
  const ApproachReport& best = a.report(a.preferred());
  return out + fmt::format("\nPredictions ({}; every approach in chinchilla.md):\n\n", approach_name(best.approach)) +
         prediction_table(a);
}

}  // namespace ff
