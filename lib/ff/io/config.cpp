// Layered configuration (see config.h).
#include "ff/io/config.h"

#include <cmath>
#include <cstdlib>
#include <functional>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "ff/common/strings.h"
#include "ff/io/embedded_configs.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

bool is_bool(const std::string& s) { return s == "true" || s == "false"; }

bool is_int(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtoll(s.c_str(), &end, 10);
  return end == s.c_str() + s.size();
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && !std::isnan(v);
}

char kind_of_default(const YAML::Node& node) {
  if (node.IsSequence()) {
    if (node.size() > 0 && !is_number(node[0].Scalar())) return 'S';
    return 'L';
  }
  const std::string& s = node.Scalar();
  if (is_bool(s)) return 'b';
  if (is_int(s)) return 'i';
  if (is_number(s)) return 'd';
  return 's';
}

const char* kind_name(char kind) {
  switch (kind) {
    case 'b': return "true or false";
    case 'i': return "an integer";
    case 'd': return "a number";
    case 's': return "a string";
    case 'L': return "a list of numbers, e.g. [1e18, 1e19]";
    default: return "a list of strings";
  }
}

bool fits_kind(const YAML::Node& node, char kind) {
  if (kind == 'L' || kind == 'S') {
    if (!node.IsSequence()) return false;
    for (const auto& item : node) {
      if (!item.IsScalar() || (kind == 'L' && !is_number(item.Scalar()))) return false;
    }
    return true;
  }
  if (!node.IsScalar()) return false;
  const std::string& s = node.Scalar();
  switch (kind) {
    case 'b': return is_bool(s);
    case 'i': return is_int(s);
    case 'd': return is_number(s);
    default: return true;
  }
}

std::string describe(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  if (node.IsNull()) return "empty";
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

}  // namespace

nlohmann::json::json_pointer config_pointer(const std::string& key) {
  std::string path = "/" + key;
  for (auto& c : path) {
    if (c == '.') c = '/';
  }
  return nlohmann::json::json_pointer(path);
}

Config Config::defaults() {
  Config config;
  for (const auto& file : embedded_configs()) {
    YAML::Node root;
    try {
      root = YAML::Load(file.text);
    } catch (const YAML::Exception& e) {
      fail("{}:{}: malformed yaml: {}", file.name, e.mark.line + 1, e.msg);
    }
    // Depth-first walk, keeping the file's key order.
    std::function<void(const YAML::Node&, const std::string&)> walk = [&](const YAML::Node& node,
                                                                           const std::string& prefix) {
      for (const auto& item : node) {
        const std::string key = prefix + item.first.Scalar();
        if (item.second.IsMap()) {
          walk(item.second, key + ".");
        } else {
          config.order_.push_back(key);
          config.kinds_[key] = kind_of_default(item.second);
          config.values_[key] = {item.second, file.name, item.second.Mark().line + 1};
          config.defined_in_[key] = file.name;
        }
      }
    };
    if (root.IsMap()) walk(root, "");
  }
  return config;
}

void Config::set(const std::string& key, const YAML::Node& node, const std::string& source, int line) {
  const std::string at = line > 0 ? fmt::format("{}:{}", source, line) : source;
  auto kind = kinds_.find(key);
  if (kind == kinds_.end()) {
    const std::string hint = closest_match(key, order_);
    fail("{}: unknown key '{}'{}", at, key, hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint));
  }
  check(fits_kind(node, kind->second), "{}: {} must be {}, got '{}'", at, key, kind_name(kind->second),
        describe(node));
  values_[key] = {node, source, line};
}

void Config::merge_node(const YAML::Node& node, const std::string& prefix, const std::string& source) {
  for (const auto& item : node) {
    const std::string key = prefix + item.first.Scalar();
    const int line = item.first.Mark().line + 1;
    if (item.second.IsMap()) {
      if (kinds_.count(key)) fail("{}:{}: {} must be {}, got a mapping", source, line, key, kind_name(kinds_[key]));
      merge_node(item.second, key + ".", source);
    } else {
      set(key, item.second, source, line);
    }
  }
}

void Config::merge_yaml(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail("{}:{}: malformed yaml: {}", source, e.mark.line + 1, e.msg);
  }
  if (root.IsNull()) return;
  check(root.IsMap(), "{}:1: the file must be a mapping of keys (e.g. 'compute:' then 'flops_min: 1e18')", source);
  merge_node(root, "", source);
}

void Config::merge_file(const fs::path& path) { merge_yaml(read_file(path), path.string()); }

void Config::merge_override(const std::string& assignment) {
  const auto eq = assignment.find('=');
  check(eq != std::string::npos && eq > 0, "command line: '{}' is not a key=value override", assignment);
  const std::string key = assignment.substr(0, eq);
  YAML::Node node;
  try {
    node = YAML::Load(assignment.substr(eq + 1));
  } catch (const YAML::Exception& e) {
    fail("command line: {}: malformed value '{}': {}", key, assignment.substr(eq + 1), e.msg);
  }
  set(key, node, "command line", 0);
}

const ConfigValue& Config::at(const std::string& key) const {
  auto it = values_.find(key);
  check(it != values_.end(), "internal: config key '{}' is not defined in configs/*.yaml", key);
  read_.insert(key);
  return it->second;
}

double Config::get_double(const std::string& key) const { return std::strtod(at(key).node.Scalar().c_str(), nullptr); }
int64_t Config::get_int(const std::string& key) const { return std::strtoll(at(key).node.Scalar().c_str(), nullptr, 10); }
bool Config::get_bool(const std::string& key) const { return at(key).node.Scalar() == "true"; }
std::string Config::get_string(const std::string& key) const { return at(key).node.Scalar(); }

std::vector<double> Config::get_doubles(const std::string& key) const {
  std::vector<double> values;
  for (const auto& item : at(key).node) values.push_back(std::strtod(item.Scalar().c_str(), nullptr));
  return values;
}

std::vector<std::string> Config::get_strings(const std::string& key) const {
  std::vector<std::string> values;
  for (const auto& item : at(key).node) values.push_back(item.Scalar());
  return values;
}

std::string Config::value_text(const std::string& key) const { return describe(at(key).node); }

std::string Config::where(const std::string& key) const {
  const ConfigValue& v = at(key);
  return v.line > 0 ? fmt::format("{}:{}: {}", v.source, v.line, key) : fmt::format("{}: {}", v.source, key);
}

void Config::fail_at(const std::string& key, const std::string& message) const {
  fail("{} ({}) {}", where(key), value_text(key), message);
}

std::string Config::to_yaml() const {
  // Keys come grouped by section (the defaults' depth-first order): open and close maps as the
  // section path changes.
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::vector<std::string> open;
  for (const auto& key : order_) {
    auto parts = split(key, '.');
    const std::string leaf = parts.back();
    parts.pop_back();
    size_t common = 0;
    while (common < open.size() && common < parts.size() && open[common] == parts[common]) ++common;
    for (; open.size() > common; open.pop_back()) out << YAML::EndMap;
    for (; open.size() < parts.size(); open.push_back(parts[open.size()])) {
      out << YAML::Key << parts[open.size()] << YAML::Value << YAML::Block << YAML::BeginMap;
    }
    const YAML::Node& node = values_.at(key).node;
    out << YAML::Key << leaf << YAML::Value;
    if (node.IsSequence()) out << YAML::Flow;
    out << node;
  }
  for (; !open.empty(); open.pop_back()) out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

nlohmann::json Config::json_value(const std::string& key) const {
  const ConfigValue& v = values_.at(key);
  switch (kinds_.at(key)) {
    case 'b': return v.node.Scalar() == "true";
    case 'i': return std::strtoll(v.node.Scalar().c_str(), nullptr, 10);
    case 'd': return std::strtod(v.node.Scalar().c_str(), nullptr);
    case 's': return v.node.Scalar();
    case 'L': {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : v.node) list.push_back(std::strtod(item.Scalar().c_str(), nullptr));
      return list;
    }
    default: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : v.node) list.push_back(item.Scalar());
      return list;
    }
  }
}

nlohmann::json Config::to_json() const {
  nlohmann::json root = nlohmann::json::object();
  for (const auto& key : order_) root[config_pointer(key)] = json_value(key);
  return root;
}

const std::string& Config::defined_in(const std::string& key) const {
  auto it = defined_in_.find(key);
  check(it != defined_in_.end(), "internal: config key '{}' is not defined in configs/*.yaml", key);
  return it->second;
}

std::vector<std::string> Config::unread_keys() const {
  std::vector<std::string> unread;
  for (const auto& key : order_) {
    if (!read_.count(key)) unread.push_back(key);
  }
  return unread;
}

fs::path find_preset(const std::string& name) {
  if (fs::is_regular_file(name)) return name;
  std::vector<fs::path> dirs = {"presets"};
  if (const char* env = std::getenv("FF_PRESET_DIR")) dirs.insert(dirs.begin(), env);
  dirs.emplace_back(FF_SOURCE_PRESET_DIR);
  dirs.emplace_back(FF_INSTALL_PRESET_DIR);
  for (const auto& dir : dirs) {
    for (const auto& file : {dir / name, dir / (name + ".yaml")}) {
      if (fs::is_regular_file(file)) return file;
    }
  }
  fail("--preset {}: no such file, and no preset of that name in presets/, $FF_PRESET_DIR, {} or {}", name,
       FF_SOURCE_PRESET_DIR, FF_INSTALL_PRESET_DIR);
}

}  // namespace ff
