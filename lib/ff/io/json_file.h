// Reading a JSON file with errors that name it.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace ff {

/// Parses `path`; a missing file is an ff::Error naming it as `what` with `hint` (e.g. "plan",
/// "run ff-plan first, or pass --plan FILE"), malformed JSON one naming the byte offset.
nlohmann::json read_json_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);

}  // namespace ff
