// Run ids and the plan table (see plan.h).
#include "ff/plan/plan.h"

#include <cctype>

#include "ff/common/error.h"
#include "ff/common/hash.h"
#include "ff/common/strings.h"

namespace ff {

namespace {

// "hidden" + "64" -> "hidden64": the size as it appears in run ids (letters, digits, '-', '_', '.').
std::string size_tag(const PlannedRun& r) {
  std::string tag = r.size_name + fmt::format("{:g}", r.size_value);
  for (char& ch : tag) {
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_' && ch != '.') ch = '_';
  }
  return tag;
}

}  // namespace

std::string make_run_id(const PlannedRun& r, FlopsConvention convention) {
  const GptArch& a = r.arch;
  const std::string content =
      is_custom(r)
          ? fmt::format("{:.6e}|{}|{:.17g}|{}|{}|{}|{}|{:.6e}|{}", r.compute_budget, r.size_name, r.size_value,
                        r.tokens_per_sample, r.n_params, r.steps, r.batch_size, r.lr, to_string(convention))
          : fmt::format("{:.6e}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:.6e}|{}", r.compute_budget, a.vocab_size, a.seq_len,
                        a.d_model, a.n_layers, a.n_heads, a.d_ff, a.tied_embeddings, r.steps, r.batch_size, r.lr,
                        to_string(convention));
  const uint64_t h = fnv1a64(content);
  const std::string size = is_custom(r) ? size_tag(r) : fmt::format("d{}_l{}", a.d_model, a.n_layers);
  return fmt::format("c{}_{}_{:08x}", format_sci(r.compute_budget, 2), size, static_cast<uint32_t>(h ^ (h >> 32)));
}

namespace {

std::string custom_plan_table(const Plan& plan) {
  std::string out = fmt::format("{:<30} {:>9} {:>16} {:>9} {:>9} {:>8} {:>9} {:>7}\n", "run_id", "budget", "size",
                                "params", "tokens", "steps", "flops", "tok/par");
  for (const auto& r : plan.runs) {
    out += fmt::format("{:<30} {:>9} {:>16} {:>9} {:>9} {:>8} {:>9} {:>7.1f}\n", r.run_id, format_sci(r.compute_budget),
                       fmt::format("{}={:g}", r.size_name, r.size_value), format_count(static_cast<double>(r.n_params)),
                       format_count(static_cast<double>(r.tokens)), r.steps, format_sci(r.flops),
                       static_cast<double>(r.tokens) / static_cast<double>(r.n_params));
  }
  return out;
}

// The GPT table with each run's batch and peak lr: a hyperparameter sweep, or a plan whose lr and
// batch size come from hyperparameter laws.
std::string hyper_plan_table(const Plan& plan) {
  std::string out = fmt::format("{:<26} {:>9} {:>6} {:>3} {:>9} {:>9} {:>8} {:>6} {:>9} {:>9}\n", "run_id", "budget", "d",
                                "L", "params", "tokens", "steps", "batch", "lr", "flops");
  for (const auto& r : plan.runs) {
    out += fmt::format("{:<26} {:>9} {:>6} {:>3} {:>9} {:>9} {:>8} {:>6} {:>9.3g} {:>9}\n", r.run_id,
                       format_sci(r.compute_budget), r.arch.d_model, r.arch.n_layers,
                       format_count(static_cast<double>(r.n_params)), format_count(static_cast<double>(r.tokens)),
                       r.steps, r.batch_size, r.lr, format_sci(r.flops));
  }
  return out;
}

}  // namespace

std::string format_plan_table(const Plan& plan) {
  if (!plan.runs.empty() && is_custom(plan.runs.front())) return custom_plan_table(plan);
  if (plan.kind == PlanKind::kHyperparameters || plan.has_hyper_laws) return hyper_plan_table(plan);
  std::string out = fmt::format("{:<26} {:>9} {:>6} {:>3} {:>3} {:>9} {:>9} {:>9} {:>8} {:>9} {:>7}\n", "run_id",
                                "budget", "d", "L", "H", "params", "non-emb", "tokens", "steps", "flops", "tok/par");
  for (const auto& r : plan.runs) {
    out += fmt::format("{:<26} {:>9} {:>6} {:>3} {:>3} {:>9} {:>9} {:>9} {:>8} {:>9} {:>7.1f}\n", r.run_id,
                       format_sci(r.compute_budget), r.arch.d_model, r.arch.n_layers, r.arch.n_heads,
                       format_count(static_cast<double>(r.n_params)),
                       format_count(static_cast<double>(r.n_params_non_embedding)),
                       format_count(static_cast<double>(r.tokens)), r.steps, format_sci(r.flops),
                       static_cast<double>(r.tokens) / static_cast<double>(r.n_params));
  }
  return out;
}

}  // namespace ff
