// File helpers: whole-file reads, atomic writes, directory creation; errors name the path.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace ff {

/// The whole content of `path`; ff::Error naming it when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// The one way every writer replaces a file, so that readers see the old file or the whole new
/// one, never a partial one, and the new one survives a power cut once this returns:
/// `write_temp(tmp)` writes the content to `tmp`, a per-process name beside `path` (shards that
/// start together write the same files); then the temporary file is fsynced, renamed over `path`,
/// and the directory fsynced. On any error the temporary file is removed and an ff::Error names
/// `path` (an ff::Error thrown by `write_temp` passes through; any other exception becomes one).
void write_file_atomic(const std::filesystem::path& path,
                       const std::function<void(const std::filesystem::path& tmp)>& write_temp);

/// write_file_atomic with `content` as the file's bytes.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

/// Creates `dir` (and parents); ff::Error naming it when that fails.
void ensure_dir(const std::filesystem::path& dir);

/// Fails unless `path` exists, naming `what` (e.g. "plan") and a hint.
void require_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);

}  // namespace ff
