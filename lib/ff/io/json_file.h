// Reading a JSON file, and its objects into typed records, with errors that name the file and field.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ff {

/// Parses `path`; a missing file is an ff::Error naming it as `what` with `hint` (e.g. "plan",
/// "run ff-plan first, or pass --plan FILE"), malformed JSON one naming the byte offset.
nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);

/// One JSON object being read into a typed record. Every accessor but has() requires its field;
/// a missing field or one of the wrong type is an ff::Error naming the file and the field's
/// path, e.g. "out/analysis.json: missing field 'approaches.isoflop.budgets[2].n_opt'".
/// Fields it is not asked for are ignored. Views into `json`, which must outlive it.
class JsonFields {
 public:
  JsonFields(const nlohmann::json& json, std::string source, std::string path = "");

  /// True when `key` is present and not null.
  bool has(const std::string& key) const;
  /// The raw value of `key` (null allowed).
  const nlohmann::json& at(const std::string& key) const;
  /// The value of `key` as T (bool, int, int64_t, uint64_t, double, std::string, std::vector<...>).
  template <typename T>
  T get(const std::string& key) const {
    const nlohmann::json& value = at(key);
    try {
      return value.get<T>();
    } catch (const nlohmann::json::exception&) {
      wrong_type(key);
    }
  }
  /// A number; null (how the writers spell a value that could not be computed) reads as NaN.
  double number(const std::string& key) const;
  /// The object `key`.
  JsonFields object(const std::string& key) const;
  /// The list of objects `key`.
  std::vector<JsonFields> objects(const std::string& key) const;

  const nlohmann::json& raw() const { return *json_; }
  const std::string& source() const { return source_; }
  /// "approaches.isoflop.n_opt": the path of `key` below the file's top level, for messages.
  std::string field(const std::string& key) const;
  [[noreturn]] void wrong_type(const std::string& key) const;

 private:
  const nlohmann::json* json_;
  std::string source_;  // the file
  std::string path_;    // this object's path below the top level ("" at the top)
};

}  // namespace ff
