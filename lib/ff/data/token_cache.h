// Token caches in llm.c's token file format (karpathy/llm.c, dev/data/data_common.py): a
// 1024-byte header of 256 little-endian int32 (header[0] = magic 20240520, header[1] = version 1,
// header[2] = token count, the rest 0), then the tokens as little-endian uint16. Beside each
// cache file, "<file>.json" records the key the tokens were built from; a cache is reused only
// when that key equals the key of the current run.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/common/hash.h"

namespace ff {

inline constexpr int32_t kTokenFileMagic = 20240520;
inline constexpr int32_t kTokenFileVersion = 1;
inline constexpr int64_t kTokenFileHeaderBytes = 1024;  // 256 int32

/// Writes `tokens` to `path` in llm.c's format, atomically (a temporary file in the same
/// directory, fsync, rename). Throws ff::Error naming the file on an I/O error or when there
/// are more than 2^31 - 1 tokens (the header's count is an int32).
void write_token_file(const std::string& path, const std::vector<uint16_t>& tokens);

/// Reads a file written by write_token_file (or by llm.c). Throws ff::Error naming the file
/// when the magic, the version or the file size (1024 + 2 x count bytes) is wrong.
std::vector<uint16_t> read_token_file(const std::string& path);

/// The sidecar of a cache file: "<path>.json".
std::string token_cache_sidecar(const std::string& path);

/// Writes `tokens` and then the sidecar {"key": key, "token_count": n}, each atomically. The old
/// sidecar is removed first, so that an interrupted write never leaves a key that matches.
void write_token_cache(const std::string& path, const std::vector<uint16_t>& tokens,
                       const nlohmann::json& key);

/// The cached tokens when the sidecar's key equals `key` and the file is sound; false when the
/// cache is missing or was built from another key (it must be rebuilt). A matching key with a
/// corrupt token file throws ff::Error naming the file.
bool read_token_cache(const std::string& path, const nlohmann::json& key,
                      std::vector<uint16_t>& tokens);

/// fnv1a64 of a file's bytes, the content hash in cache keys. About 0.7-1 GB/s.
uint64_t fnv1a64_file(const std::string& path);

}  // namespace ff
