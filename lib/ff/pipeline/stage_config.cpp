// Key ownership and each stage's configuration (see stage_config.h).
#include "ff/pipeline/stage_config.h"

#include <filesystem>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

constexpr Stage kStages[] = {Stage::kPlan, Stage::kTrain, Stage::kAnalyze, Stage::kPlot};

std::string compact(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

std::string key_of(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

// Overrides given to a later stage: its own keys, or ff-plan's (checked against the plan later).
void check_override_owners(Stage stage, const Config& config, const std::vector<std::string>& overrides) {
  for (const auto& assignment : overrides) {
    const std::string key = key_of(assignment);
    const Stage owner = key_owner(config, key);
    if (owner == stage) continue;
    if (owner == Stage::kPlan) {
      check(stage == Stage::kTrain,
            "command line: {} is ff-plan's: plan.json fixes it for this sweep, and {} does not read it (hint: "
            "plan a new sweep with ff-plan {})", key, tool_name(stage), assignment);
      continue;
    }
    fail("command line: {} is read by {}, not by {} (hint: pass it to {}, or to ff-plan to make it this sweep's "
         "default)", key, tool_name(owner), tool_name(stage), tool_name(owner));
  }
}

}  // namespace

Stage key_owner(const Config& config, const std::string& key) {
  const std::string& file = config.defined_in(key);
  for (Stage stage : kStages) {
    if (file == "configs/" + stage_name(stage) + ".yaml") return stage;
  }
  fail("internal: config key '{}' is defined in {}, which names no stage", key, file);
}

std::string tool_name(Stage stage) { return "ff-" + stage_name(stage); }

Config load_stage_config(Stage stage, const SweepDir& dir, const ConfigRequest& request) {
  Config config = Config::defaults();
  if (stage != Stage::kPlan && fs::is_regular_file(dir.config())) config.merge_file(dir.config());
  if (!request.preset.empty()) config.merge_file(find_preset(request.preset));
  for (const auto& assignment : request.overrides) config.merge_override(assignment);
  if (stage != Stage::kPlan) check_override_owners(stage, config, request.overrides);
  return config;
}

void check_plan_fixed(const Config& config, const nlohmann::json& plan_config, const std::string& plan_file) {
  for (const auto& key : config.keys()) {
    if (key_owner(config, key) != Stage::kPlan) continue;
    const auto pointer = config_pointer(key);
    if (!plan_config.contains(pointer)) continue;
    const nlohmann::json& planned = plan_config.at(pointer);
    const nlohmann::json value = config.json_value(key);
    if (value == planned) continue;
    config.fail_at(key, fmt::format("differs from {} in {}, which fixed this sweep's runs (hint: to use {}, plan a "
                                    "new sweep: ff-plan --dir NEW_DIR {}={})",
                                    compact(planned), plan_file, compact(value), key, compact(value)));
  }
}

void write_sweep_config(const SweepDir& dir, const Config& config) {
  ensure_dir(dir.root());
  write_file_atomic(dir.config(),
                    "# The configuration of this sweep (defaults, preset, overrides), written by ff-plan. ff-train,\n"
                    "# ff-analyze and ff-plot read it; what they ran with is in stages/<stage>.yaml.\n" +
                        config.to_yaml());
}

void record_stage_config(const SweepDir& dir, Stage stage, const Config& config) {
  const fs::path path = dir.stage_record(stage);
  ensure_dir(path.parent_path());
  write_file_atomic(path, "# What " + tool_name(stage) +
                              " last ran with in this sweep (defaults, config.yaml, preset, overrides).\n" +
                              config.to_yaml());
}

}  // namespace ff
