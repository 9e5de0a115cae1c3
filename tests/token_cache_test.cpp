// llm.c token files and cache keys: exact header bytes, round trips, corruption, key matching.
#include "ff/data/token_cache.h"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/common/fs.h"
#include "temp_dir.h"
#include "tiny_disk.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::TempDir;

std::vector<unsigned char> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

const std::vector<uint16_t> kTokens = {256, 72, 105, 0, 65535, 256, 1, 50256, 300};

TEST(TokenFile, HeaderBytesAreExactlyLlmCs) {
  TempDir dir;
  write_token_file(dir / "t.bin", kTokens);
  const std::vector<unsigned char> bytes = bytes_of(dir / "t.bin");
  ASSERT_EQ(bytes.size(), 1024u + 2 * kTokens.size());
  // header[0] = 20240520 = 0x0134d888, header[1] = 1, header[2] = 9, little-endian int32.
  const std::vector<unsigned char> head = {0x88, 0xd8, 0x34, 0x01, 1, 0, 0, 0, 9, 0, 0, 0};
  EXPECT_EQ(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 12), head);
  for (size_t i = 12; i < 1024; ++i) ASSERT_EQ(bytes[i], 0) << "header byte " << i;
  // Tokens: little-endian uint16 right after the header.
  EXPECT_EQ(bytes[1024], 0x00);  // 256
  EXPECT_EQ(bytes[1025], 0x01);
  EXPECT_EQ(bytes[1024 + 2 * 4], 0xff);  // 65535
  EXPECT_EQ(bytes[1024 + 2 * 4 + 1], 0xff);
  EXPECT_EQ(bytes[1024 + 2 * 7], 0x50);  // 50256 = 0xc450
  EXPECT_EQ(bytes[1024 + 2 * 7 + 1], 0xc4);
}

TEST(TokenFile, RoundTripsAndLeavesNoTemporaryFiles) {
  TempDir dir;
  write_token_file(dir / "sub/t.bin", kTokens);  // creates the directory
  EXPECT_EQ(read_token_file(dir / "sub/t.bin"), kTokens);
  write_token_file(dir / "sub/t.bin", {});  // overwrite with an empty file
  EXPECT_TRUE(read_token_file(dir / "sub/t.bin").empty());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "sub"), fs::directory_iterator()), 1);
}

TEST(TokenFile, CorruptFilesAreErrorsNamingTheFile) {
  TempDir dir;
  const std::string path = dir / "t.bin";
  write_token_file(path, kTokens);
  const std::vector<unsigned char> good = bytes_of(path);
  const auto corrupt = [&](std::vector<unsigned char> bytes) {
    write_bytes(path, bytes);
    return error_of([&] { read_token_file(path); });
  };
  std::vector<unsigned char> bad = good;
  bad[0] = 0x89;
  EXPECT_NE(corrupt(bad).find(path + ": bad magic 20240521"), std::string::npos) << corrupt(bad);
  bad = good;
  bad[4] = 2;
  EXPECT_NE(corrupt(bad).find(path + ": unsupported version 2"), std::string::npos);
  bad = good;
  bad.pop_back();
  EXPECT_NE(corrupt(bad).find(path + ": size 1041 bytes does not match the header's 9 tokens"),
            std::string::npos)
      << corrupt(bad);
  bad = good;
  bad[8] = 10;  // header says 10 tokens, file holds 9
  EXPECT_NE(corrupt(bad).find("truncated or corrupt"), std::string::npos);
  EXPECT_NE(corrupt({1, 2, 3}).find(path + ": too short"), std::string::npos);
  EXPECT_NE(
      error_of([&] { read_token_file(dir / "missing.bin"); }).find("missing.bin: cannot open"),
      std::string::npos);
}

TEST(TokenCache, ReusedOnlyWhenTheKeyMatches) {
  TempDir dir;
  const std::string path = dir / "builtin-train-byte.bin";
  const nlohmann::json key = {{"tokenizer", {{"name", "byte"}, {"vocab_size", 257}}},
                              {"source", {{"source", "builtin"}, {"seed", 1234}}}};
  std::vector<uint16_t> tokens;
  EXPECT_FALSE(read_token_cache(path, key, tokens));  // nothing there yet
  write_token_cache(path, kTokens, key);
  ASSERT_TRUE(read_token_cache(path, key, tokens));
  EXPECT_EQ(tokens, kTokens);

  nlohmann::json other = key;
  other["source"]["seed"] = 1235;
  EXPECT_FALSE(read_token_cache(path, other, tokens));
  other = key;
  other["tokenizer"]["name"] = "gpt2";
  EXPECT_FALSE(read_token_cache(path, other, tokens));

  std::ifstream in(token_cache_sidecar(path));
  const nlohmann::json record = nlohmann::json::parse(in);
  EXPECT_EQ(record["key"], key);
  EXPECT_EQ(record["token_count"], kTokens.size());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 2);
}

TEST(TokenCache, MissingOrUnreadableSidecarMeansRebuild) {
  TempDir dir;
  const std::string path = dir / "c.bin";
  const nlohmann::json key = {{"k", 1}};
  write_token_cache(path, kTokens, key);
  std::vector<uint16_t> tokens;
  std::ofstream(token_cache_sidecar(path)) << "{ not json";
  EXPECT_FALSE(read_token_cache(path, key, tokens));
  fs::remove(token_cache_sidecar(path));
  EXPECT_FALSE(read_token_cache(path, key, tokens));
}

// A full disk stops the cache with DiskFullError naming the file it was writing, and leaves
// nothing that a later read accepts: neither without the token file nor without its sidecar.
TEST(TokenCache, FullDiskLeavesNoCacheThatIsAccepted) {
  TempDir dir;
  FF_TINY_DISK_OR_SKIP(disk, dir.path() / "disk", 256 << 10);
  const std::string path = (disk.path() / "train.bin").string();
  const nlohmann::json key = {{"corpus", "a"}};
  const std::vector<uint16_t> tokens(20000, 7);  // 41 024 bytes: 11 pages
  write_token_cache(path, tokens, {{"corpus", "old"}});
  disk.fill();
  EXPECT_THROW(write_token_cache(path, tokens, key), DiskFullError);  // the token file
  std::vector<uint16_t> read;
  EXPECT_FALSE(read_token_cache(path, key, read));
  EXPECT_FALSE(read_token_cache(path, {{"corpus", "old"}}, read));  // its sidecar went first
  disk.empty();
  fs::remove(path);
  disk.fill(11 * 4096);  // room for the token file but not for its sidecar
  try {
    write_token_cache(path, tokens, key);
    FAIL() << "wrote the sidecar to a full disk";
  } catch (const DiskFullError& e) {
    const std::string said = path + ".json: cannot write: the disk is full";
    EXPECT_EQ(std::string(e.what()).substr(0, said.size()), said);
  }
  EXPECT_TRUE(fs::exists(path));
  EXPECT_FALSE(read_token_cache(path, key, read));
  disk.empty();
  write_token_cache(path, tokens, key);
  EXPECT_TRUE(read_token_cache(path, key, read));
  EXPECT_EQ(read, tokens);
}

TEST(TokenCache, CorruptFileUnderAMatchingKeyIsAnError) {
  TempDir dir;
  const std::string path = dir / "c.bin";
  const nlohmann::json key = {{"k", 1}};
  write_token_cache(path, kTokens, key);
  std::vector<unsigned char> bytes = bytes_of(path);
  bytes[0] = 0;
  write_bytes(path, bytes);
  std::vector<uint16_t> tokens;
  EXPECT_NE(error_of([&] { read_token_cache(path, key, tokens); }).find(path + ": bad magic"),
            std::string::npos);
  write_token_file(path, {1, 2, 3});  // a sound file whose count disagrees with the sidecar
  EXPECT_NE(error_of([&] { read_token_cache(path, key, tokens); }).find("delete both files"),
            std::string::npos);
}

TEST(TokenCache, Fnv1a64MatchesPublishedVectors) {
  TempDir dir;
  const auto hash_of = [&](const std::string& text) {
    std::ofstream(dir / "f", std::ios::binary) << text;
    return fnv1a64_file(dir / "f");
  };
  // Test vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv).
  EXPECT_EQ(hash_of(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(hash_of("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(hash_of("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(fnv1a64("bar", fnv1a64("foo")), fnv1a64("foobar"));  // continues a hash
  std::string big(3 << 20, 'x');                                 // crosses the 1 MB read buffer
  big[2 << 20] = 'y';
  EXPECT_NE(hash_of(big), hash_of(std::string(3 << 20, 'x')));
}

}  // namespace
}  // namespace ff
