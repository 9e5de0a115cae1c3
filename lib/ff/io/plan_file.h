// plan.json: the plan of a sweep (every run's budget, architecture, tokens and steps), its record
// types and their typed reader and writer (docs/formats.md lists every field).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ff {

constexpr int kPlanSchemaVersion = 1;

/// A decoder-only GPT: token embedding, n_layers pre-norm blocks (RMSNorm, causal multi-head
/// attention with rotary position embeddings, RMSNorm, GELU MLP), final RMSNorm, output head.
/// No biases; rotary embeddings have no parameters. Its formulas are in plan/arch.h.
struct GptArch {
  int64_t vocab_size = 0;
  int64_t seq_len = 0;   // context length T, tokens
  int64_t d_model = 0;   // residual width C
  int64_t n_layers = 0;
  int64_t n_heads = 0;   // d_model / head size
  int64_t d_ff = 0;      // MLP hidden width
  bool tied_embeddings = false;  // output head shares the token embedding matrix
};

/// How training FLOPs are counted for a run of D tokens.
enum class FlopsConvention {
  k6ND,              // "6nd": C = 6 N D, N = all parameters (Hoffmann et al. 2022)
  k6NDNonEmbedding,  // "6nd_non_embedding": C = 6 N D, N = non-embedding parameters (Kaplan et al. 2020)
  k6NDAttention,     // "6nd_attention": C = (6 N + 6 n_layers T d_model) D (Kaplan et al. 2020, Table 1)
};

FlopsConvention parse_flops_convention(const std::string& name);  // throws ff::Error
std::string to_string(FlopsConvention convention);

/// One run. The built-in GPT is described by `arch`; a custom model (ff::find_optimal with your
/// own factory) by its size parameter instead, and its `arch` stays zero.
struct PlannedRun {
  std::string run_id;            // stable: a hash of the run's content (see make_run_id in plan/plan.h)
  double compute_budget = 0;     // the IsoFLOP budget this run belongs to, FLOPs
  GptArch arch;                  // the built-in GPT; zeros for a custom model
  std::string size_name;         // custom model: the size parameter, e.g. "hidden"; "" for the GPT
  double size_value = 0;         // custom model: the parameter's value in this run
  int64_t tokens_per_sample = 0; // custom model: tokens one sample counts for (the GPT: arch.seq_len)
  int64_t n_params = 0;                // all parameters (custom models: counted trainable parameters)
  int64_t n_params_non_embedding = 0;  // without token embedding and output head (custom: = n_params)
  int64_t tokens = 0;                  // steps * batch_size * sample_tokens(run), tokens
  int64_t steps = 0;
  int64_t batch_size = 0;              // sequences (samples) per step
  double lr = 0;                       // peak learning rate
  double flops_per_token = 0;          // under the plan's convention, FLOPs
  double flops = 0;                    // tokens * flops_per_token, FLOPs actually planned
};

/// What a plan is for (plan.kind): an IsoFLOP sweep of sizes, or a sweep of learning rates and
/// batch sizes at a few small budgets (the hyperparameter laws, fit/hyperparameters.h).
enum class PlanKind {
  kIsoflop,          // "isoflop"
  kHyperparameters,  // "hyperparameters"
};

PlanKind parse_plan_kind(const std::string& name);  // throws ff::Error
std::string to_string(PlanKind kind);

/// The hyperparameter laws a plan set its runs' lr and batch size from (ff-plan --hyper-from, or
/// the hyper.lr_law / hyper.batch_size_law keys):
/// lr = lr_coefficient C^lr_exponent, batch = round(batch_coefficient C^batch_exponent), C in FLOPs.
struct PlanHyperLaws {
  std::string source;  // the analysis.json they came from, or where the config key was set
  bool lr = false;     // false: every run has train.lr
  double lr_coefficient = 0, lr_exponent = 0;
  bool batch_size = false;  // false: every run has train.batch_size
  double batch_coefficient = 0, batch_exponent = 0;  // sequences
};

struct Plan {
  FlopsConvention convention = FlopsConvention::k6ND;
  PlanKind kind = PlanKind::kIsoflop;  // plan.json "kind" (absent in older files: isoflop)
  bool has_hyper_laws = false;         // plan.json "hyperparameter_laws" present
  PlanHyperLaws hyper_laws;
  std::vector<double> budgets;  // FLOPs, ascending
  nlohmann::json config;        // the effective configuration that made the plan
  std::vector<PlannedRun> runs;
};

/// True for a run of a custom model (size_name set), false for the built-in GPT.
bool is_custom(const PlannedRun& run);

/// Tokens one sample of the run counts for: arch.seq_len for the GPT, tokens_per_sample otherwise.
int64_t sample_tokens(const PlannedRun& run);

nlohmann::json to_json(const Plan& plan);
/// Parses plan.json; `source` names the file in errors.
Plan plan_from_json(const nlohmann::json& json, const std::string& source);

void write_plan(const Plan& plan, const std::filesystem::path& path);
Plan read_plan(const std::filesystem::path& path);

}  // namespace ff
