// Which stage owns which configuration key, and the configuration each stage runs with.
// A key is owned (read, range-checked) by the stage whose configs/<stage>.yaml defines it. ff-plan
// records the whole configuration of a sweep in DIR/config.yaml (and plan.json); the later stages
// read it as a layer, never rewrite it, and record what they ran with in DIR/stages/<stage>.yaml.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/io/config.h"
#include "ff/pipeline/sweep_dir.h"

namespace ff {

/// What a tool was given besides its sweep folder: a preset and key.path=value overrides.
struct ConfigRequest {
  std::string preset;                  // a preset name or file ("" = none)
  std::vector<std::string> overrides;  // key.path=value
};

/// The stage that owns `key`: the one whose configs/<stage>.yaml defines it.
Stage key_owner(const Config& config, const std::string& key);

/// "ff-train" for Stage::kTrain.
std::string tool_name(Stage stage);

/// The configuration `stage` runs with: the defaults, then DIR/config.yaml (all stages but the
/// plan), then the preset, then the overrides. A later stage refuses an override of a key that
/// another later stage owns (it would be ignored) with one line naming the key and its owner;
/// overrides of ff-plan's keys are checked against plan.json by check_plan_fixed.
Config load_stage_config(Stage stage, const SweepDir& dir, const ConfigRequest& request);

/// Every key ff-plan owns must equal what the plan recorded (`plan_config`, plan.json's "config"):
/// otherwise one line naming where the value came from, both values and the fix. Keys the plan
/// does not record (an older plan) are not checked.
void check_plan_fixed(const Config& config, const nlohmann::json& plan_config, const std::string& plan_file);

/// ff-plan's record of the sweep's configuration: DIR/config.yaml.
void write_sweep_config(const SweepDir& dir, const Config& config);

/// What a later stage ran with: DIR/stages/<stage>.yaml (DIR/config.yaml is left as it is).
void record_stage_config(const SweepDir& dir, Stage stage, const Config& config);

}  // namespace ff
