// plan.json reading and writing (see plan_file.h).
#include "ff/io/plan_file.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/io/json_file.h"

namespace ff {

using nlohmann::json;

FlopsConvention parse_flops_convention(const std::string& name) {
  if (name == "6nd") return FlopsConvention::k6ND;
  if (name == "6nd_non_embedding") return FlopsConvention::k6NDNonEmbedding;
  if (name == "6nd_attention") return FlopsConvention::k6NDAttention;
  fail("unknown flops convention '{}' (expected 6nd, 6nd_non_embedding or 6nd_attention)", name);
}

std::string to_string(FlopsConvention convention) {
  switch (convention) {
    case FlopsConvention::k6ND: return "6nd";
    case FlopsConvention::k6NDNonEmbedding: return "6nd_non_embedding";
    case FlopsConvention::k6NDAttention: return "6nd_attention";
  }
  return "6nd";
}

PlanKind parse_plan_kind(const std::string& name) {
  if (name == "isoflop") return PlanKind::kIsoflop;
  if (name == "hyperparameters") return PlanKind::kHyperparameters;
  fail("unknown plan kind '{}' (expected isoflop or hyperparameters)", name);
}

std::string to_string(PlanKind kind) { return kind == PlanKind::kHyperparameters ? "hyperparameters" : "isoflop"; }

bool is_custom(const PlannedRun& run) { return !run.size_name.empty(); }

int64_t sample_tokens(const PlannedRun& run) { return is_custom(run) ? run.tokens_per_sample : run.arch.seq_len; }

namespace {

json run_to_json(const PlannedRun& r) {
  json j{{"run_id", r.run_id},
         {"compute_budget", r.compute_budget},
         {"n_params", r.n_params},
         {"n_params_non_embedding", r.n_params_non_embedding},
         {"tokens", r.tokens},
         {"steps", r.steps},
         {"batch_size", r.batch_size},
         {"lr", r.lr},
         {"flops_per_token", r.flops_per_token},
         {"flops", r.flops}};
  if (is_custom(r)) {
    j["size_name"] = r.size_name;
    j["size_value"] = r.size_value;
    j["tokens_per_sample"] = r.tokens_per_sample;
    return j;
  }
  j["d_model"] = r.arch.d_model;
  j["n_layers"] = r.arch.n_layers;
  j["n_heads"] = r.arch.n_heads;
  j["d_ff"] = r.arch.d_ff;
  j["vocab_size"] = r.arch.vocab_size;
  j["seq_len"] = r.arch.seq_len;
  j["tied_embeddings"] = r.arch.tied_embeddings;
  return j;
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

// The GPT fields, or a custom model's size fields.
void model_from_json(const json& j, const std::string& where, PlannedRun& r) {
  if (j.contains("size_name")) {
    r.size_name = field<std::string>(j, "size_name", where);
    check(!r.size_name.empty(), "{}: field 'size_name' is empty", where);
    r.size_value = field<double>(j, "size_value", where);
    r.tokens_per_sample = field<int64_t>(j, "tokens_per_sample", where);
    check(r.tokens_per_sample >= 1, "{}: field 'tokens_per_sample' ({}) must be at least 1", where,
          r.tokens_per_sample);
    return;
  }
  r.arch.d_model = field<int64_t>(j, "d_model", where);
  r.arch.n_layers = field<int64_t>(j, "n_layers", where);
  r.arch.n_heads = field<int64_t>(j, "n_heads", where);
  r.arch.d_ff = field<int64_t>(j, "d_ff", where);
  r.arch.vocab_size = field<int64_t>(j, "vocab_size", where);
  r.arch.seq_len = field<int64_t>(j, "seq_len", where);
  r.arch.tied_embeddings = field<bool>(j, "tied_embeddings", where);
}

PlannedRun run_from_json(const json& j, const std::string& where) {
  PlannedRun r;
  r.run_id = field<std::string>(j, "run_id", where);
  r.compute_budget = field<double>(j, "compute_budget", where);
  model_from_json(j, where, r);
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

json hyper_laws_to_json(const PlanHyperLaws& h) {
  json j{{"source", h.source}};
  if (h.lr) j["lr"] = json{{"coefficient", h.lr_coefficient}, {"exponent", h.lr_exponent}};
  if (h.batch_size) j["batch_size"] = json{{"coefficient", h.batch_coefficient}, {"exponent", h.batch_exponent}};
  return j;
}

PlanHyperLaws hyper_laws_from_json(const json& j, const std::string& where) {
  check(j.is_object(), "{}: field 'hyperparameter_laws' must be an object", where);
  PlanHyperLaws h;
  h.source = j.value("source", "");
  const std::string at = where + ": hyperparameter_laws";
  if (j.contains("lr")) {
    h.lr = true;
    h.lr_coefficient = field<double>(j.at("lr"), "coefficient", at + ".lr");
    h.lr_exponent = field<double>(j.at("lr"), "exponent", at + ".lr");
  }
  if (j.contains("batch_size")) {
    h.batch_size = true;
    h.batch_coefficient = field<double>(j.at("batch_size"), "coefficient", at + ".batch_size");
    h.batch_exponent = field<double>(j.at("batch_size"), "exponent", at + ".batch_size");
  }
  return h;
}

}  // namespace

json to_json(const Plan& plan) {
  json runs = json::array();
  for (const auto& r : plan.runs) runs.push_back(run_to_json(r));
  json j{{"schema_version", kPlanSchemaVersion},
         {"kind", to_string(plan.kind)},
         {"flops_convention", to_string(plan.convention)},
         {"budgets", plan.budgets},
         {"config", plan.config},
         {"runs", runs}};
  if (plan.has_hyper_laws) j["hyperparameter_laws"] = hyper_laws_to_json(plan.hyper_laws);
  return j;
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
  if (j.contains("kind")) {
    const std::string kind = field<std::string>(j, "kind", source);
    check(kind == "isoflop" || kind == "hyperparameters", "{}: field 'kind' ('{}') must be isoflop or hyperparameters",
          source, kind);
    plan.kind = parse_plan_kind(kind);
  }
  if (j.contains("hyperparameter_laws")) {
    plan.has_hyper_laws = true;
    plan.hyper_laws = hyper_laws_from_json(j.at("hyperparameter_laws"), source);
  }
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

}  // namespace ff
