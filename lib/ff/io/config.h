// Layered configuration: compiled-in defaults (configs/*.yaml), then a sweep's config.yaml, a
// preset, and key.path=value overrides. The defaults define every key and its type; anything
// else is an error that names the file, the line and the key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace ff {

/// One leaf value and where it came from.
struct ConfigValue {
  YAML::Node node;     // a scalar or a sequence of scalars
  std::string source;  // file name as given, or "command line"
  int line = 0;        // 1-based line in `source`; 0 when there is none
};

class Config {
 public:
  /// The compiled-in defaults: configs/plan.yaml, train.yaml, analyze.yaml, plot.yaml.
  static Config defaults();

  /// Overlays a YAML file (a preset or a sweep's config.yaml).
  void merge_file(const std::filesystem::path& path);
  /// Overlays YAML text; `source` names it in errors.
  void merge_yaml(const std::string& text, const std::string& source);
  /// Overlays one "key.path=value" argument; the value is parsed as YAML ("[1e18, 1e19]").
  void merge_override(const std::string& assignment);

  double get_double(const std::string& key) const;
  int64_t get_int(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  std::string get_string(const std::string& key) const;
  std::vector<double> get_doubles(const std::string& key) const;
  std::vector<std::string> get_strings(const std::string& key) const;

  /// "presets/x.yaml:12: compute.flops_min" (or "configs/plan.yaml:4: ..." for a default).
  std::string where(const std::string& key) const;
  /// Throws ff::Error "<where(key)> (<value>) <message>".
  [[noreturn]] void fail_at(const std::string& key, const std::string& message) const;

  /// The effective configuration as nested YAML (keys in the defaults' order).
  std::string to_yaml() const;
  /// The same as JSON, with numbers, booleans, strings and lists typed.
  nlohmann::json to_json() const;
  /// Keys that no get_*() call has read (a test keeps this empty: every key is used).
  std::vector<std::string> unread_keys() const;
  std::vector<std::string> keys() const { return order_; }
  /// The defaults file that defines `key` ("configs/train.yaml"): it names the stage that owns it.
  const std::string& defined_in(const std::string& key) const;
  /// The value of `key` as JSON (typed as in to_json), without marking it read.
  nlohmann::json json_value(const std::string& key) const;

 private:
  void set(const std::string& key, const YAML::Node& node, const std::string& source, int line);
  void merge_node(const YAML::Node& node, const std::string& prefix, const std::string& source);
  const ConfigValue& at(const std::string& key) const;
  std::string value_text(const std::string& key) const;

  std::vector<std::string> order_;
  std::map<std::string, ConfigValue> values_;
  std::map<std::string, char> kinds_;  // b bool, i int, d number, s string, L number list, S string list
  std::map<std::string, std::string> defined_in_;  // key -> configs/<stage>.yaml
  mutable std::set<std::string> read_;
};

/// The JSON pointer of `key` in Config::to_json() (and in plan.json's "config"): "train.lr" -> /train/lr.
nlohmann::json::json_pointer config_pointer(const std::string& key);

/// Finds a preset: an existing path as given, else NAME or NAME.yaml in ./presets, in
/// $FF_PRESET_DIR, in the source tree's presets/ and in the installed share/flops-fit/presets.
std::filesystem::path find_preset(const std::string& name_or_path);

}  // namespace ff
