// plan.json reading and writing, run ids and the plan table (see plan.h).
#include "ff/plan/plan.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/hash.h"
#include "ff/common/strings.h"
#include "ff/io/json_file.h"

namespace ff {

using nlohmann::json;

std::string make_run_id(const PlannedRun& r, FlopsConvention convention) {
  const GptArch& a = r.arch;
  const std::string content =
      fmt::format("{:.6e}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{:.6e}|{}", r.compute_budget, a.vocab_size, a.seq_len,
                  a.d_model, a.n_layers, a.n_heads, a.d_ff, a.tied_embeddings, r.steps, r.batch_size, r.lr,
                  to_string(convention));
  const uint64_t h = fnv1a64(content);
  return fmt::format("c{}_d{}_l{}_{:08x}", format_sci(r.compute_budget, 2), a.d_model, a.n_layers,
                     static_cast<uint32_t>(h ^ (h >> 32)));
}

namespace {

json run_to_json(const PlannedRun& r) {
  return json{{"run_id", r.run_id},
              {"compute_budget", r.compute_budget},
              {"d_model", r.arch.d_model},
              {"n_layers", r.arch.n_layers},
              {"n_heads", r.arch.n_heads},
              {"d_ff", r.arch.d_ff},
              {"vocab_size", r.arch.vocab_size},
              {"seq_len", r.arch.seq_len},
              {"tied_embeddings", r.arch.tied_embeddings},
              {"n_params", r.n_params},
              {"n_params_non_embedding", r.n_params_non_embedding},
              {"tokens", r.tokens},
              {"steps", r.steps},
              {"batch_size", r.batch_size},
              {"lr", r.lr},
              {"flops_per_token", r.flops_per_token},
              {"flops", r.flops}};
}

template <typename T>
T field(const json& j, const char* key, const std::string& where) {
  check(j.contains(key), "{}: missing field '{}'", where, key);
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    fail("{}: field '{}' has the wrong type ({})", where, key, j.at(key).dump());
  }
}

PlannedRun run_from_json(const json& j, const std::string& where) {
  PlannedRun r;
  r.run_id = field<std::string>(j, "run_id", where);
  r.compute_budget = field<double>(j, "compute_budget", where);
  r.arch.d_model = field<int64_t>(j, "d_model", where);
  r.arch.n_layers = field<int64_t>(j, "n_layers", where);
  r.arch.n_heads = field<int64_t>(j, "n_heads", where);
  r.arch.d_ff = field<int64_t>(j, "d_ff", where);
  r.arch.vocab_size = field<int64_t>(j, "vocab_size", where);
  r.arch.seq_len = field<int64_t>(j, "seq_len", where);
  r.arch.tied_embeddings = field<bool>(j, "tied_embeddings", where);
  r.n_params = field<int64_t>(j, "n_params", where);
  r.n_params_non_embedding = field<int64_t>(j, "n_params_non_embedding", where);
  r.tokens = field<int64_t>(j, "tokens", where);
  r.steps = field<int64_t>(j, "steps", where);
  r.batch_size = field<int64_t>(j, "batch_size", where);
  r.lr = field<double>(j, "lr", where);
  r.flops_per_token = field<double>(j, "flops_per_token", where);
  r.flops = field<double>(j, "flops", where);
  return r;
}

}  // namespace

json to_json(const Plan& plan) {
  json runs = json::array();
  for (const auto& r : plan.runs) runs.push_back(run_to_json(r));
  return json{{"schema_version", kPlanSchemaVersion},
              {"flops_convention", to_string(plan.convention)},
              {"budgets", plan.budgets},
              {"config", plan.config},
              {"runs", runs}};
}

Plan plan_from_json(const json& j, const std::string& source) {
  check(j.is_object(), "{}: not a plan (expected a JSON object)", source);
  const int version = field<int>(j, "schema_version", source);
  check(version == kPlanSchemaVersion, "{}: schema_version {} is not supported (expected {})", source, version,
        kPlanSchemaVersion);
  Plan plan;
  plan.convention = parse_flops_convention(field<std::string>(j, "flops_convention", source));
  plan.budgets = field<std::vector<double>>(j, "budgets", source);
  plan.config = j.value("config", json::object());
  const json& runs = j.at("runs");
  check(runs.is_array(), "{}: field 'runs' must be a list", source);
  for (size_t i = 0; i < runs.size(); ++i) {
    plan.runs.push_back(run_from_json(runs[i], fmt::format("{}: runs[{}]", source, i)));
  }
  return plan;
}

void write_plan(const Plan& plan, const std::filesystem::path& path) {
  write_file_atomic(path, to_json(plan).dump(2) + "\n");
}

Plan read_plan(const std::filesystem::path& path) {
  return plan_from_json(read_json_file(path, "plan", "run ff-plan first, or pass --plan FILE"), path.string());
}

std::string format_plan_table(const Plan& plan) {
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
