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
/// `path` (an ff::Error thrown by `write_temp`, such as fail_io's, passes through; any other
/// exception becomes one). A full disk leaves the old file as it was and throws DiskFullError.
void write_file_atomic(const std::filesystem::path& path,
                       const std::function<void(const std::filesystem::path& tmp)>& write_temp);

/// Removes from `dir` the temporary files of write_file_atomic (NAME.tmp.PID) that a killed process
/// left behind (a checkpoint's can be as large as the model); returns how many. Only for a folder
/// no other process is writing to (a claimed run's). Errors are ignored: the files are garbage.
int remove_stale_temporaries(const std::filesystem::path& dir);

/// write_file_atomic with `content` as the file's bytes.
void write_file_atomic(const std::filesystem::path& path, const std::string& content);

/// True for the errno values of a full disk: ENOSPC (no space left) and EDQUOT (quota exceeded).
bool is_disk_full(int err);

/// Throws the error of a failed `action` (e.g. "cannot write") on `path` with errno `err`:
/// DiskFullError when the disk is full ("<path>: cannot write: the disk is full (No space left on
/// device) (hint: ...)"), ff::Error "<path>: <action>: <strerror>" otherwise.
[[noreturn]] void fail_io(const std::filesystem::path& path, int err, const std::string& action = "cannot write");

/// Writes the `size` bytes at `data` to `fd`, retrying short writes and EINTR; fail_io naming
/// `path` (the file `fd` stands for, as the user knows it) when a write fails.
void write_all(int fd, const void* data, size_t size, const std::filesystem::path& path);

/// Creates `dir` (and parents); ff::Error naming it when that fails.
void ensure_dir(const std::filesystem::path& dir);

/// Fails unless `path` exists, naming `what` (e.g. "plan") and a hint.
void require_file(const std::filesystem::path& path, const std::string& what, const std::string& hint);

}  // namespace ff
