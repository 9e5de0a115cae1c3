// load_token_splits and its parts: parallel tokenization, budgets, cache reuse and rebuilds.
#include "ff/data/dataset.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/data/story_generator.h"
#include "ff/data/token_cache.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::TempDir;

ino_t inode_of(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_ino;
}

/// A tokenizer with a chosen vocabulary whose ids are the bytes plus `offset`.
class FakeTokenizer : public Tokenizer {
 public:
  FakeTokenizer(int32_t vocab, int32_t offset) : vocab_(vocab), offset_(offset) {}
  std::vector<int32_t> encode(std::string_view text) const override {
    std::vector<int32_t> ids;
    for (unsigned char c : text) ids.push_back(c + offset_);
    return ids;
  }
  std::string decode(const std::vector<int32_t>&) const override { return ""; }
  int32_t eot_id() const override { return vocab_ - 1; }
  int32_t vocab_size() const override { return vocab_; }
  std::string name() const override { return "fake"; }

 private:
  int32_t vocab_, offset_;
};

std::vector<std::string> builtin_stories(uint64_t seed, int n) {
  StoryGenerator generator(seed);
  std::vector<std::string> stories;
  for (int i = 0; i < n; ++i) stories.push_back(generator.next());
  return stories;
}

/// Small builtin splits in a fresh cache directory.
DataOptions small_options(const TempDir& dir) {
  DataOptions options;
  options.cache_dir = dir / "cache";
  options.builtin_train_tokens = 60'000;
  options.builtin_valid_tokens = 6'000;
  return options;
}

TEST(Dataset, MultiThreadedTokenizationEqualsSingleThreaded) {
  const auto tokenizer = make_tokenizer("byte", "");
  const std::vector<std::string> stories = builtin_stories(3, 400);
  std::vector<uint16_t> expected;
  for (const std::string& story : stories) {
    expected.push_back(static_cast<uint16_t>(tokenizer->eot_id()));
    for (int32_t id : tokenizer->encode(story)) expected.push_back(static_cast<uint16_t>(id));
  }
  for (int threads : {1, 2, 3, 8}) {
    EXPECT_EQ(tokenize_stories(stories, *tokenizer, threads), expected) << threads << " threads";
  }
  EXPECT_EQ(tokenize_stories({"ab", "", "c"}, *tokenizer, 5),
            (std::vector<uint16_t>{256, 'a', 'b', 256, 256, 'c'}));
  EXPECT_TRUE(tokenize_stories({}, *tokenizer, 2).empty());
}

TEST(Dataset, BuildTokensStopsAfterTheStoryThatReachesTheBudget) {
  const auto tokenizer = make_tokenizer("byte", "");
  const CorpusSpec spec{"builtin", "", "", 9};
  const std::vector<uint16_t> tokens = build_tokens(spec, *tokenizer, 50'000, 2);
  // The stream is whole stories, each after an end-of-text token, in generator order.
  StoryGenerator generator(9);
  size_t at = 0, last_start = 0;
  while (at < tokens.size()) {
    ASSERT_EQ(tokens[at], 256) << "at " << at;
    last_start = at;
    for (char c : generator.next()) ASSERT_EQ(tokens[++at], static_cast<unsigned char>(c));
    ++at;
  }
  EXPECT_EQ(at, tokens.size());
  EXPECT_GE(tokens.size(), 50'000u);  // reaches the budget ...
  EXPECT_LT(last_start, 50'000u);     // ... with its last story, not earlier
  EXPECT_EQ(build_tokens(spec, *tokenizer, 50'000, 1), tokens);
  EXPECT_EQ(build_tokens(spec, *tokenizer, 50'000, 5), tokens);
}

TEST(Dataset, LoadBuildsCachesThenReusesThem) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  const DataOptions options = small_options(dir);
  const TokenSplits first = load_token_splits(options, *tokenizer);
  EXPECT_EQ(first.eot_id, 256);
  EXPECT_EQ(first.vocab_size, 257);
  EXPECT_GE(first.train.size(), 60'000u);
  EXPECT_GE(first.valid.size(), 6'000u);
  EXPECT_EQ(first.train.front(), 256);
  EXPECT_NE(std::vector<uint16_t>(first.train.begin(), first.train.begin() + 500),
            std::vector<uint16_t>(first.valid.begin(), first.valid.begin() + 500));
  const std::string train_cache = dir / "cache/builtin-train-byte.bin";
  EXPECT_EQ(token_cache_path(options, "train", *tokenizer), train_cache);
  EXPECT_EQ(read_token_file(train_cache), first.train);
  const ino_t train_inode = inode_of(train_cache);
  const ino_t valid_inode = inode_of(dir / "cache/builtin-valid-byte.bin");

  const TokenSplits second = load_token_splits(options, *tokenizer);  // from the caches
  EXPECT_EQ(second.train, first.train);
  EXPECT_EQ(second.valid, first.valid);
  EXPECT_EQ(inode_of(train_cache), train_inode);
  EXPECT_EQ(inode_of(dir / "cache/builtin-valid-byte.bin"), valid_inode);
}

TEST(Dataset, KeyChangesRebuildTheCache) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  DataOptions options = small_options(dir);
  const std::string train_cache = dir / "cache/builtin-train-byte.bin";
  const std::vector<uint16_t> seed_1234 = load_token_splits(options, *tokenizer).train;
  const ino_t before = inode_of(train_cache);
  options.seed = 99;
  const TokenSplits reseeded = load_token_splits(options, *tokenizer);
  EXPECT_NE(reseeded.train, seed_1234);
  EXPECT_NE(inode_of(train_cache), before);
  EXPECT_EQ(read_token_file(train_cache), reseeded.train);
  options.builtin_train_tokens = 30'000;
  const TokenSplits shorter = load_token_splits(options, *tokenizer);
  EXPECT_LT(shorter.train.size(), reseeded.train.size());
  EXPECT_EQ(shorter.train, std::vector<uint16_t>(reseeded.train.begin(),
                                                 reseeded.train.begin() + shorter.train.size()));
}

TEST(Dataset, TextSourceEndToEndAndContentChangeRebuilds) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  DataOptions options = small_options(dir);
  options.source = "tinystories_txt";
  options.train_path = dir.file("train.txt", "Tom ran.\n<|endoftext|>\n Sue hid. \n");
  options.valid_path = dir.file("valid.txt", "Al sat.\n");
  const TokenSplits splits = load_token_splits(options, *tokenizer);
  EXPECT_EQ(splits.train, (std::vector<uint16_t>{256, 'T', 'o', 'm', ' ', 'r', 'a', 'n', '.', 256,
                                                 'S', 'u', 'e', ' ', 'h', 'i', 'd', '.'}));
  EXPECT_EQ(splits.valid, (std::vector<uint16_t>{256, 'A', 'l', ' ', 's', 'a', 't', '.'}));
  dir.file("train.txt", "Tom ran.\n<|endoftext|>\n Sue hop. \n");  // same size, new content
  EXPECT_EQ(load_token_splits(options, *tokenizer).train[16], 'p');
  const nlohmann::json key = token_cache_key(corpus_spec(options, "train"), 0, *tokenizer);
  EXPECT_EQ(key["source"]["files"][0]["path"], options.train_path);
  EXPECT_EQ(key["source"]["files"][0]["bytes"], 34);
}

TEST(Dataset, MissingCorpusNamesKeyPathAndUrl) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  DataOptions options = small_options(dir);
  options.source = "tinystories_json";
  options.train_path = dir / "TinyStories_all_data";
  const std::string message = error_of([&] { load_token_splits(options, *tokenizer); });
  EXPECT_NE(message.find("data.train_path: '" + options.train_path + "' does not exist"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(std::string(kTinyStoriesUrl)), std::string::npos) << message;
}

TEST(Dataset, RejectsTokenizersThatDoNotFitUint16) {
  TempDir dir;
  const DataOptions options = small_options(dir);
  const std::string too_big =
      error_of([&] { load_token_splits(options, FakeTokenizer(70'000, 0)); });
  EXPECT_NE(too_big.find("has 70000 ids"), std::string::npos) << too_big;
  EXPECT_EQ(error_of([&] { load_token_splits(options, FakeTokenizer(65'536, 65'280)); }), "");
  // An id outside the vocabulary fails inside a worker thread and reaches the caller.
  const std::string out_of_range = error_of([&] {
    build_tokens({"builtin", "", "", 1}, FakeTokenizer(300, 250), 1000, 2);
  });
  EXPECT_NE(out_of_range.find("is outside [0, 300)"), std::string::npos) << out_of_range;
}

TEST(Dataset, RejectsBadOptions) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  DataOptions options = small_options(dir);
  options.threads = 0;
  EXPECT_NE(error_of([&] { load_token_splits(options, *tokenizer); }).find("data.threads (0)"),
            std::string::npos);
  options = small_options(dir);
  options.builtin_valid_tokens = 0;
  EXPECT_NE(error_of([&] {
              load_token_splits(options, *tokenizer);
            }).find("data.builtin_valid_tokens (0) must be positive"),
            std::string::npos);
  options = small_options(dir);
  options.source = "wikipedia";
  EXPECT_NE(error_of([&] { load_token_splits(options, *tokenizer); }).find("data.source"),
            std::string::npos);
}

TEST(Dataset, DefaultBuiltinSplitsHoldTheirTokenBudgets) {
  TempDir dir;
  const auto tokenizer = make_tokenizer("byte", "");
  DataOptions options;  // the defaults: 20 M train tokens, 200 k valid tokens, 2 threads
  options.cache_dir = dir / "cache";
  const TokenSplits splits = load_token_splits(options, *tokenizer);
  EXPECT_GE(splits.train.size(), 20'000'000u);
  EXPECT_LT(splits.train.size(), 20'010'000u);  // overshoots by less than one story
  EXPECT_GE(splits.valid.size(), 200'000u);
  EXPECT_LT(splits.valid.size(), 210'000u);
  EXPECT_EQ(load_token_splits(options, *tokenizer).train, splits.train);
}

}  // namespace
}  // namespace ff
