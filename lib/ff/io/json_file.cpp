// Reading JSON files and their objects (see json_file.h).
#include "ff/io/json_file.h"

#include <limits>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

using nlohmann::json;

json read_json_file(const std::filesystem::path& path, const std::string& what, const std::string& hint) {
  require_file(path, what, hint);
  try {
    return json::parse(read_file(path));
  } catch (const json::parse_error& e) {
    fail("{}: malformed json at byte {}: {}", path.string(), e.byte, e.what());
  }
}

JsonFields::JsonFields(const json& j, std::string source, std::string path)
    : json_(&j), source_(std::move(source)), path_(std::move(path)) {
  check(j.is_object(), "{}: {} must be an object, not {}", source_, path_.empty() ? "the file" : "field '" + path_ + "'",
        j.dump().substr(0, 40));
}

bool JsonFields::has(const std::string& key) const { return json_->contains(key) && !json_->at(key).is_null(); }

std::string JsonFields::field(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

const json& JsonFields::at(const std::string& key) const {
  check(json_->contains(key), "{}: missing field '{}'", source_, field(key));
  return json_->at(key);
}

void JsonFields::wrong_type(const std::string& key) const {
  fail("{}: field '{}' has the wrong type ({})", source_, field(key), at(key).dump().substr(0, 40));
}

double JsonFields::number(const std::string& key) const {
  const json& value = at(key);
  if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (!value.is_number()) wrong_type(key);
  return value.get<double>();
}

JsonFields JsonFields::object(const std::string& key) const {
  if (!at(key).is_object()) wrong_type(key);
  return JsonFields(at(key), source_, field(key));
}

std::vector<JsonFields> JsonFields::objects(const std::string& key) const {
  const json& list = at(key);
  if (!list.is_array()) wrong_type(key);
  std::vector<JsonFields> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = fmt::format("{}[{}]", field(key), i);
    check(list[i].is_object(), "{}: field '{}' must be an object", source_, path);
    out.emplace_back(list[i], source_, path);
  }
  return out;
}

}  // namespace ff
