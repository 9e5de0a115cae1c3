// File helpers: whole-file reads, atomic writes, directory creation; errors name the path.
#pragma once

#include <filesystem>
#include <string>

namespace ff {

/// The whole content of `path`; ff::Error naming it when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Writes `content` to `path` through a temporary file, fsync and rename, so that readers see
/// either the old or the new file, never a partial one.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

/// Creates `dir` (and parents); ff::Error naming it when that fails.
void ensure_dir(const std::filesystem::path& dir);

/// Fails unless `path` exists, naming `what` (e.g. "plan") and a hint.
void require_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);

}  // namespace ff
