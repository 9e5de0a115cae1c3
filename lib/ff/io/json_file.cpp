// Reading JSON files and their objects (see json_file.h).
#include "ff/io/json_file.h"

#include <cmath>
#include <limits>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

using nlohmann::json;

json read_json_file(const std::filesystem::path& path, const std::string& what, const std::string& hint) {
  require_file(path, what, hint);
  try {
    return json::parse(read_file(path), nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const json::parse_error& e) {
    fail("{}: malformed json at byte {}: {}", path.string(), e.byte, e.what());
  } catch (const json::exception& e) {  // e.g. out_of_range: a number too large for a double (1e400)
    fail("{}: malformed json: {}", path.string(), e.what());
  }
}

JsonFields::JsonFields(const json& j, std::string source, std::string path)
    : json_(&j), source_(std::move(source)), path_(std::move(path)) {
  if (!j.is_object()) {  // (not check(): its arguments, a dump of the whole object, would be built every time)
    fail("{}: {} must be an object, not {}", source_, path_.empty() ? "the file" : "field '" + path_ + "'",
         j.dump().substr(0, 40));
  }
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

namespace {

// A JSON number that is a whole number (1000, 1e3, 1000.0) and lies in [lo, hi] (as doubles: hi
// rounds up to a power of two for 64-bit types, so the bound is exclusive there).
bool whole_in(const json& v, double lo, double hi) {
  if (!v.is_number_float()) return false;
  const double d = v.get<double>();
  return std::isfinite(d) && d == std::floor(d) && d >= lo && (d < hi || (d == hi && hi < 9e15));
}

}  // namespace

int64_t JsonFields::signed_integer(const std::string& key, int64_t lo, int64_t hi) const {
  const json& v = at(key);
  if (v.is_number_unsigned() && v.get<uint64_t>() <= static_cast<uint64_t>(hi)) return v.get<int64_t>();
  if (v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() >= lo && v.get<int64_t>() <= hi) {
    return v.get<int64_t>();
  }
  if (whole_in(v, static_cast<double>(lo), static_cast<double>(hi))) return static_cast<int64_t>(v.get<double>());
  if (!v.is_number()) wrong_type(key);
  fail("{}: field '{}' must be a whole number from {} to {}, not {}", source_, field(key), lo, hi, v.dump());
}

uint64_t JsonFields::unsigned_integer(const std::string& key, uint64_t hi) const {
  const json& v = at(key);
  if (v.is_number_unsigned() && v.get<uint64_t>() <= hi) return v.get<uint64_t>();
  if (whole_in(v, 0.0, static_cast<double>(hi))) return static_cast<uint64_t>(v.get<double>());
  if (!v.is_number()) wrong_type(key);
  fail("{}: field '{}' must be a whole number from 0 to {}, not {}", source_, field(key), hi, v.dump());
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
