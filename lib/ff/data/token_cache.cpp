// llm.c token files and their cache keys (see token_cache.h).
#include "ff/data/token_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

namespace fs = std::filesystem;

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "token files are little-endian; this code writes them with the host's byte order");

namespace {

struct Bytes {
  const void* data;
  size_t size;
};

/// Writes `parts` to `path` with write_file_atomic (readers see the old file or the whole new one).
void write_atomic(const std::string& path, std::initializer_list<Bytes> parts) {
  ensure_dir(fs::path(path).parent_path());
  write_file_atomic(path, [&](const fs::path& tmp) {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_io(path, errno);
    try {
      for (const Bytes& part : parts) write_all(fd, part.data, part.size, path);
    } catch (...) {
      ::close(fd);
      throw;
    }
    if (::close(fd) != 0) fail_io(path, errno);
  });
}

}  // namespace

void write_token_file(const std::string& path, const std::vector<uint16_t>& tokens) {
  check(tokens.size() <= static_cast<size_t>(std::numeric_limits<int32_t>::max()),
        "{}: {} tokens do not fit llm.c's int32 token count", path, tokens.size());
  std::array<int32_t, 256> header{};
  header[0] = kTokenFileMagic;
  header[1] = kTokenFileVersion;
  header[2] = static_cast<int32_t>(tokens.size());
  write_atomic(
      path, {{header.data(), sizeof(header)}, {tokens.data(), tokens.size() * sizeof(uint16_t)}});
}

std::vector<uint16_t> read_token_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.is_open(), "{}: cannot open token file: {}", path, std::strerror(errno));
  std::array<int32_t, 256> header{};
  in.read(reinterpret_cast<char*>(header.data()), sizeof(header));
  check(in.gcount() == kTokenFileHeaderBytes, "{}: too short for llm.c's 1024-byte header", path);
  check(header[0] == kTokenFileMagic, "{}: bad magic {} (expected {}); not an llm.c token file",
        path, header[0], kTokenFileMagic);
  check(header[1] == kTokenFileVersion, "{}: unsupported version {} (expected {}: uint16 tokens)",
        path, header[1], kTokenFileVersion);
  const int64_t count = header[2];
  std::error_code error;
  const auto size = static_cast<int64_t>(fs::file_size(path, error));
  check(!error, "{}: cannot stat: {}", path, error.message());
  check(count >= 0 && size == kTokenFileHeaderBytes + 2 * count,
        "{}: size {} bytes does not match the header's {} tokens (expected {} bytes); the file "
        "is truncated or corrupt",
        path, size, count, kTokenFileHeaderBytes + 2 * count);
  std::vector<uint16_t> tokens(static_cast<size_t>(count));
  in.read(reinterpret_cast<char*>(tokens.data()), static_cast<std::streamsize>(2 * count));
  check(in.gcount() == 2 * count, "{}: read error", path);
  return tokens;
}

std::string token_cache_sidecar(const std::string& path) { return path + ".json"; }

void write_token_cache(const std::string& path, const std::vector<uint16_t>& tokens,
                       const nlohmann::json& key) {
  const std::string sidecar = token_cache_sidecar(path);
  std::error_code ignored;
  fs::remove(sidecar, ignored);
  write_token_file(path, tokens);
  const nlohmann::json record = {{"format", "llm.c token file, version 1, uint16 tokens"},
                                 {"key", key},
                                 {"token_count", tokens.size()}};
  const std::string text = record.dump(2) + "\n";
  write_atomic(sidecar, {{text.data(), text.size()}});
}

bool read_token_cache(const std::string& path, const nlohmann::json& key,
                      std::vector<uint16_t>& tokens) {
  std::ifstream in(token_cache_sidecar(path));
  if (!in.is_open() || !fs::exists(path)) return false;
  const nlohmann::json record = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded() || !record.is_object() ||
      record.value("key", nlohmann::json()) != key) {
    return false;
  }
  tokens = read_token_file(path);
  const nlohmann::json count = record.contains("token_count") ? record["token_count"] : nullptr;
  const int64_t expected = count.is_number_integer() ? count.get<int64_t>() : -1;
  check(static_cast<int64_t>(tokens.size()) == expected,
        "{}: holds {} tokens but {} records {}; delete both files to rebuild the cache", path,
        tokens.size(), token_cache_sidecar(path), expected);
  return true;
}

uint64_t fnv1a64_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.is_open(), "{}: cannot open: {}", path, std::strerror(errno));
  std::vector<char> buffer(1 << 20);
  uint64_t hash = kFnvOffset;
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    hash = fnv1a64({buffer.data(), static_cast<size_t>(in.gcount())}, hash);
  }
  check(!in.bad(), "{}: read error", path);
  return hash;
}

}  // namespace ff
