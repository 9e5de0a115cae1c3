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

// The GPT fields, or a custom model's size fields.
void model_from_json(const JsonFields& j, PlannedRun& r) {
  if (j.raw().contains("size_name")) {
    r.size_name = j.get<std::string>("size_name");
    check(!r.size_name.empty(), "{}: field '{}' is empty", j.source(), j.field("size_name"));
    r.size_value = j.get<double>("size_value");
    r.tokens_per_sample = j.get<int64_t>("tokens_per_sample");
    check(r.tokens_per_sample >= 1, "{}: field '{}' ({}) must be at least 1", j.source(), j.field("tokens_per_sample"),
          r.tokens_per_sample);
    return;
  }
  r.arch.d_model = j.get<int64_t>("d_model");
  r.arch.n_layers = j.get<int64_t>("n_layers");
  r.arch.n_heads = j.get<int64_t>("n_heads");
  r.arch.d_ff = j.get<int64_t>("d_ff");
  r.arch.vocab_size = j.get<int64_t>("vocab_size");
  r.arch.seq_len = j.get<int64_t>("seq_len");
  r.arch.tied_embeddings = j.get<bool>("tied_embeddings");
}

PlannedRun run_from_json(const JsonFields& j) {
  PlannedRun r;
  r.run_id = j.get<std::string>("run_id");
  r.compute_budget = j.get<double>("compute_budget");
  model_from_json(j, r);
  r.n_params = j.get<int64_t>("n_params");
  r.n_params_non_embedding = j.get<int64_t>("n_params_non_embedding");
  r.tokens = j.get<int64_t>("tokens");
  r.steps = j.get<int64_t>("steps");
  r.batch_size = j.get<int64_t>("batch_size");
  r.lr = j.get<double>("lr");
  r.flops_per_token = j.get<double>("flops_per_token");
  r.flops = j.get<double>("flops");
  return r;
}

json hyper_laws_to_json(const PlanHyperLaws& h) {
  json j{{"source", h.source}};
  if (h.lr) j["lr"] = json{{"coefficient", h.lr_coefficient}, {"exponent", h.lr_exponent}};
  if (h.batch_size) j["batch_size"] = json{{"coefficient", h.batch_coefficient}, {"exponent", h.batch_exponent}};
  return j;
}

PlanHyperLaws hyper_laws_from_json(const JsonFields& j) {
  PlanHyperLaws h;
  h.source = j.has("source") ? j.get<std::string>("source") : "";
  if (j.has("lr")) {
    const JsonFields lr = j.object("lr");
    h.lr = true;
    h.lr_coefficient = lr.get<double>("coefficient");
    h.lr_exponent = lr.get<double>("exponent");
  }
  if (j.has("batch_size")) {
    const JsonFields batch = j.object("batch_size");
    h.batch_size = true;
    h.batch_coefficient = batch.get<double>("coefficient");
    h.batch_exponent = batch.get<double>("exponent");
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
  const JsonFields top(j, source);
  const int version = top.get<int>("schema_version");
  check(version == kPlanSchemaVersion, "{}: schema_version {} is not supported (expected {})", source, version,
        kPlanSchemaVersion);
  Plan plan;
  try {
    plan.convention = parse_flops_convention(top.get<std::string>("flops_convention"));
  } catch (const Error& e) {
    fail("{}: flops_convention: {}", source, e.what());
  }
  if (top.has("kind")) {
    const std::string kind = top.get<std::string>("kind");
    check(kind == "isoflop" || kind == "hyperparameters", "{}: field 'kind' ('{}') must be isoflop or hyperparameters",
          source, kind);
    plan.kind = parse_plan_kind(kind);
  }
  if (top.has("hyperparameter_laws")) {
    plan.has_hyper_laws = true;
    plan.hyper_laws = hyper_laws_from_json(top.object("hyperparameter_laws"));
  }
  plan.budgets = top.get<std::vector<double>>("budgets");
  plan.config = top.has("config") ? top.object("config").raw() : json::object();
  for (const JsonFields& run : top.objects("runs")) plan.runs.push_back(run_from_json(run));
  return plan;
}

void write_plan(const Plan& plan, const std::filesystem::path& path) {
  write_file_atomic(path, to_json(plan).dump(2) + "\n");
}

Plan read_plan(const std::filesystem::path& path) {
  return plan_from_json(read_json_file(path, "plan", "run ff-plan first, or pass --plan FILE"), path.string());
}

}  // namespace ff
