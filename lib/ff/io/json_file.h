// Reading a JSON file, and its objects into typed records, with errors that name the file and field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

namespace ff {

/// Parses `path` (a UTF-8 byte-order mark and // or /* */ comments are allowed); a missing file is
/// an ff::Error naming it as `what` with `hint` (e.g. "plan", "run ff-plan first, or pass --plan
/// FILE"), malformed JSON one naming the byte, line and column.
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
  /// An integer may be written as a whole float (1e4) and must fit in T.
  template <typename T>
  T get(const std::string& key) const {
    const nlohmann::json& value = at(key);
    if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      return static_cast<T>(signed_integer(key, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
    } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      return static_cast<T>(unsigned_integer(key, std::numeric_limits<T>::max()));
    } else {
      try {
        return value.get<T>();
      } catch (const nlohmann::json::exception&) {
        wrong_type(key);
      }
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
  /// The whole number `key`, in [lo, hi]; an ff::Error naming the field otherwise.
  int64_t signed_integer(const std::string& key, int64_t lo, int64_t hi) const;
  uint64_t unsigned_integer(const std::string& key, uint64_t hi) const;

  const nlohmann::json* json_;
  std::string source_;  // the file
  std::string path_;    // this object's path below the top level ("" at the top)
};

}  // namespace ff
