// plan.json: a planned sweep (GPT and custom-model runs) round-trips field by field and byte by
// byte; a missing field or another schema version is one error naming the file and the field.
#include "ff/io/plan_file.h"

#include <gtest/gtest.h>

#include <tuple>

#include "ff/common/fs.h"
#include "ff/plan/isoflop_plan.h"
#include "ff/plan/plan.h"
#include "temp_dir.h"

namespace ff {
namespace {

using nlohmann::json;

Plan planned() {
  Plan plan = make_plan(read_plan_settings(Config::defaults()), nullptr);
  plan.config = Config::defaults().to_json();
  return plan;
}

auto fields(const PlannedRun& r) {
  const GptArch& a = r.arch;
  return std::tie(r.run_id, r.compute_budget, a.vocab_size, a.seq_len, a.d_model, a.n_layers, a.n_heads, a.d_ff,
                  a.tied_embeddings, r.size_name, r.size_value, r.tokens_per_sample, r.n_params,
                  r.n_params_non_embedding, r.tokens, r.steps, r.batch_size, r.lr, r.flops_per_token, r.flops);
}

TEST(PlanFile, RoundTripKeepsEveryField) {
  testing::TempDir dir;
  const Plan plan = planned();
  write_plan(plan, dir / "plan.json");
  const Plan back = read_plan(dir / "plan.json");
  EXPECT_EQ(back.convention, plan.convention);
  EXPECT_EQ(back.budgets, plan.budgets);
  EXPECT_EQ(back.config, plan.config);
  EXPECT_EQ(back.config["compute"]["num_budgets"], 5);
  ASSERT_EQ(back.runs.size(), plan.runs.size());
  for (size_t i = 0; i < plan.runs.size(); ++i) EXPECT_EQ(fields(back.runs[i]), fields(plan.runs[i])) << i;
  write_plan(back, dir / "again.json");
  EXPECT_EQ(read_file(dir / "again.json"), read_file(dir / "plan.json"));
}

TEST(PlanFile, CustomModelRunsRoundTrip) {
  Plan plan;
  plan.convention = FlopsConvention::k6NDNonEmbedding;
  plan.budgets = {1e15};
  PlannedRun r;
  r.compute_budget = 1e15;
  r.size_name = "hidden";
  r.size_value = 64;
  r.tokens_per_sample = 3;
  r.n_params = r.n_params_non_embedding = 4225;
  r.steps = 100, r.batch_size = 8, r.tokens = 2400, r.lr = 1e-3, r.flops_per_token = 6 * 4225.0;
  r.flops = r.flops_per_token * 2400;
  r.run_id = make_run_id(r, plan.convention);
  plan.runs = {r};
  const Plan back = plan_from_json(json::parse(to_json(plan).dump()), "plan.json");
  ASSERT_EQ(back.runs.size(), 1u);
  EXPECT_TRUE(is_custom(back.runs[0]));
  EXPECT_EQ(sample_tokens(back.runs[0]), 3);
  EXPECT_EQ(fields(back.runs[0]), fields(r));
  EXPECT_EQ(back.convention, FlopsConvention::k6NDNonEmbedding);
}

TEST(PlanFile, ErrorsNameTheFileAndTheField) {
  json j = to_json(planned());
  j["runs"][3].erase("steps");
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "d/plan.json"); }), "d/plan.json: missing field 'runs[3].steps'");
  j = to_json(planned());
  j["schema_version"] = 99;
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "d/plan.json"); }),
            "d/plan.json: schema_version 99 is not supported (expected 1)");
  j = to_json(planned());
  j["flops_convention"] = "7nd";
  EXPECT_NE(testing::error_of([&] { plan_from_json(j, "d/plan.json"); }).find("unknown flops convention '7nd'"),
            std::string::npos);
}

TEST(PlanFile, KindAndHyperparameterLawsRoundTripAndOldFilesAreIsoflop) {
  Plan plan = planned();
  plan.kind = PlanKind::kHyperparameters;
  plan.has_hyper_laws = true;
  plan.hyper_laws = {"s/analysis.json", true, 0.31, -0.125, true, 0.29, 0.33};
  const Plan back = plan_from_json(json::parse(to_json(plan).dump()), "plan.json");
  EXPECT_EQ(back.kind, PlanKind::kHyperparameters);
  ASSERT_TRUE(back.has_hyper_laws);
  const auto laws = [](const PlanHyperLaws& h) {
    return std::tie(h.source, h.lr, h.lr_coefficient, h.lr_exponent, h.batch_size, h.batch_coefficient,
                    h.batch_exponent);
  };
  EXPECT_EQ(laws(back.hyper_laws), laws(plan.hyper_laws));
  json old = to_json(planned());
  old.erase("kind");
  const Plan isoflop = plan_from_json(old, "plan.json");
  EXPECT_EQ(isoflop.kind, PlanKind::kIsoflop);
  EXPECT_FALSE(isoflop.has_hyper_laws);
  old["kind"] = "grid";
  EXPECT_EQ(testing::error_of([&] { plan_from_json(old, "d/plan.json"); }),
            "d/plan.json: field 'kind' ('grid') must be isoflop or hyperparameters");
}

// A plan.json written by hand in an editor that saves a byte-order mark and CRLF line ends, with
// comments, an extra field, an integer written as 1e4 and no "config".
TEST(PlanFile, HandWrittenPlanIsRead) {
  testing::TempDir dir;
  const std::string text =
      "\xEF\xBB\xBF{\r\n  // two runs, by hand\r\n  \"schema_version\": 1, \"flops_convention\": \"6nd\",\r\n"
      "  \"budgets\": [1e15], \"owner\": \"me\",\r\n  \"runs\": [{\"run_id\": \"a\", \"compute_budget\": 1E+15,\r\n"
      "    \"size_name\": \"width\", \"size_value\": 64, \"tokens_per_sample\": 1, \"n_params\": 1.5e6,\r\n"
      "    \"n_params_non_embedding\": 1000000, \"tokens\": 1e8, \"steps\": 1e4, \"batch_size\": 16, \"lr\": 3e-4,\r\n"
      "    \"flops_per_token\": 9e6, \"flops\": 9e14, \"note\": \"unknown fields are ignored\"}]\r\n}\r\n";
  const Plan plan = read_plan(dir.file("plan.json", text));
  ASSERT_EQ(plan.runs.size(), 1u);
  EXPECT_EQ(plan.runs[0].n_params, 1500000);
  EXPECT_EQ(plan.runs[0].steps, 10000);
  EXPECT_EQ(plan.runs[0].tokens, 100000000);
  EXPECT_DOUBLE_EQ(plan.runs[0].compute_budget, 1e15);
  EXPECT_TRUE(plan.config.is_object());
}

TEST(PlanFile, WrongNumbersAndMissingListsNameTheField) {
  json j = to_json(planned());
  j["runs"][1]["steps"] = 1e300;
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "p.json"); }),
            "p.json: field 'runs[1].steps' must be a whole number from -9223372036854775808 to 9223372036854775807, not 1e+300");
  j["runs"][1]["steps"] = 2.5;
  EXPECT_NE(testing::error_of([&] { plan_from_json(j, "p.json"); }).find("'runs[1].steps' must be a whole number"),
            std::string::npos);
  j["runs"][1]["steps"] = "10";
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "p.json"); }), "p.json: field 'runs[1].steps' has the wrong type (\"10\")");
  j.erase("runs");
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "p.json"); }), "p.json: missing field 'runs'");
  j["runs"] = {1, 2};
  EXPECT_EQ(testing::error_of([&] { plan_from_json(j, "p.json"); }), "p.json: field 'runs[0]' must be an object");
  j["schema_version"] = 4294967297.0;
  EXPECT_NE(testing::error_of([&] { plan_from_json(j, "p.json"); }).find("'schema_version' must be a whole number"),
            std::string::npos);
}

TEST(FlopsConvention, NamesRoundTrip) {
  for (auto c : {FlopsConvention::k6ND, FlopsConvention::k6NDNonEmbedding, FlopsConvention::k6NDAttention}) {
    EXPECT_EQ(parse_flops_convention(to_string(c)), c);
  }
}

}  // namespace
}  // namespace ff
