// The plan of a sweep (plan.json): every run's budget, architecture, tokens and steps.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/plan/arch.h"

namespace ff {

constexpr int kPlanSchemaVersion = 1;

/// One run. The built-in GPT is described by `arch`; a custom model (ff::find_optimal with your
/// own factory) by its size parameter instead, and its `arch` stays zero.
struct PlannedRun {
  std::string run_id;            // stable: a hash of the run's content (see make_run_id)
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

struct Plan {
  FlopsConvention convention = FlopsConvention::k6ND;
  std::vector<double> budgets;  // FLOPs, ascending
  nlohmann::json config;        // the effective configuration that made the plan
  std::vector<PlannedRun> runs;
};

/// True for a run of a custom model (size_name set), false for the built-in GPT.
bool is_custom(const PlannedRun& run);

/// Tokens one sample of the run counts for: arch.seq_len for the GPT, tokens_per_sample otherwise.
int64_t sample_tokens(const PlannedRun& run);

/// "c1e18_d256_l4_" (custom models: "c1e18_hidden64_") + 8 hex digits of a hash over every field that defines the run.
std::string make_run_id(const PlannedRun& run, FlopsConvention convention);

nlohmann::json to_json(const Plan& plan);
/// Parses plan.json; `source` names the file in errors.
Plan plan_from_json(const nlohmann::json& json, const std::string& source);

void write_plan(const Plan& plan, const std::filesystem::path& path);
Plan read_plan(const std::filesystem::path& path);

/// The plan as an aligned text table (one line per run), for stdout.
std::string format_plan_table(const Plan& plan);

}  // namespace ff
