// Reading a JSON file (see json_file.h).
#include "ff/io/json_file.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& what, const std::string& hint) {
  require_file(path, what, hint);
  try {
    return nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::parse_error& e) {
    fail("{}: malformed json at byte {}: {}", path.string(), e.byte, e.what());
  }
}

}  // namespace ff
