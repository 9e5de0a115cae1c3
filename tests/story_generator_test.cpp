// The built-in story generator: determinism, variety, no repeats, well-formed and learnable text.
#include "ff/data/story_generator.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <gtest/gtest.h>

#include "ff/data/token_cache.h"

namespace ff {
namespace {

std::vector<std::string> stories(uint64_t seed, int n) {
  StoryGenerator generator(seed);
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) out.push_back(generator.next());
  return out;
}

/// Stories of `seed` until `bytes` of text, each counted once: the span measured in byte tokens.
std::vector<std::string> stories_spanning(uint64_t seed, size_t bytes) {
  StoryGenerator generator(seed);
  std::vector<std::string> out;
  for (size_t total = 0; total < bytes; total += out.back().size()) out.push_back(generator.next());
  return out;
}

TEST(StoryGenerator, SameSeedGivesSameStories) {
  EXPECT_EQ(stories(1234, 300), stories(1234, 300));
}

TEST(StoryGenerator, DifferentSeedsGiveDisjointStories) {
  std::unordered_set<std::string> seen;
  for (uint64_t seed : {1234ULL, 1235ULL, 5678ULL, 0ULL}) {
    for (const std::string& story : stories(seed, 1000)) {
      EXPECT_TRUE(seen.insert(story).second) << "seed " << seed << " repeats:\n" << story;
    }
  }
}

TEST(StoryGenerator, OutputIsPinnedForItsVersion) {
  // Any change to the stories of a seed must bump kStoryGeneratorVersion (it keys token caches);
  // then update this hash. It also pins the output across platforms.
  uint64_t hash = kFnvOffset;
  for (const std::string& story : stories(1234, 100)) hash = fnv1a64(story, hash);
  EXPECT_EQ(kStoryGeneratorVersion, 1);
  EXPECT_EQ(hash, 0x8e33b7e3e1cbe1c8ULL) << std::hex << "hash is 0x" << hash;
}

TEST(StoryGenerator, UsesMoreThanAThousandDistinctWords) {
  std::unordered_map<std::string, int> counts;
  for (const std::string& story : stories(1234, 5000)) {
    std::string word;
    for (char c : story + " ") {
      if (std::isalpha(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!word.empty()) {
        ++counts[word];
        word.clear();
      }
    }
  }
  std::printf("distinct words in 5000 stories: %zu\n", counts.size());
  EXPECT_GE(counts.size(), 1000u);
  EXPECT_GT(counts["the"], counts["dragon"]);  // English-like frequencies: function words first
}

TEST(StoryGenerator, NoStoryRepeatsWithinTwentyMillionBytes) {
  // The default train split: 20 M byte tokens of seed 1234; the valid split (seed 5678) must
  // share no story with it either.
  const std::vector<std::string> train = stories_spanning(1234, 20'000'000);
  const std::unordered_set<std::string> distinct(train.begin(), train.end());
  std::printf("%zu stories span 20 MB; %zu distinct\n", train.size(), distinct.size());
  EXPECT_EQ(distinct.size(), train.size());
  for (const std::string& story : stories_spanning(5678, 1'000'000)) {
    EXPECT_EQ(distinct.count(story), 0u) << "valid story also in train:\n" << story;
  }
}

TEST(StoryGenerator, NoStoryRepeatsWithinTwoHundredMillionBytes) {
  // Ten times the default span, by 64-bit hash (a false collision has probability ~1e-9).
  for (uint64_t seed : {1234ULL, 5678ULL}) {
    StoryGenerator generator(seed);
    std::unordered_set<uint64_t> hashes;
    size_t bytes = 0, count = 0;
    for (; bytes < 200'000'000; ++count) {
      const std::string story = generator.next();
      bytes += story.size();
      EXPECT_TRUE(hashes.insert(fnv1a64(story)).second) << "seed " << seed << " story " << count;
    }
    std::printf("seed %llu: %zu stories, %zu bytes, all distinct\n",
                static_cast<unsigned long long>(seed), count, bytes);
  }
}

TEST(StoryGenerator, StoriesAreWellFormed) {
  size_t bytes = 0;
  const std::vector<std::string> all = stories(42, 3000);
  for (const std::string& story : all) {
    bytes += story.size();
    ASSERT_FALSE(story.empty());
    EXPECT_EQ(story.find_first_of("{}"), std::string::npos) << story;  // every slot filled
    EXPECT_TRUE(std::isupper(static_cast<unsigned char>(story.front()))) << story;
    EXPECT_NE(std::string(".!?\"").find(story.back()), std::string::npos) << story;
    EXPECT_EQ(story.find("  "), std::string::npos) << story;
    EXPECT_EQ(std::count(story.begin(), story.end(), '"') % 2, 0) << story;
    for (const char* end : {". ", "! ", "? ", "\n\n"}) {
      for (size_t at = story.find(end); at != std::string::npos; at = story.find(end, at + 1)) {
        const char next = story[at + std::string(end).size()];
        EXPECT_TRUE(std::isupper(static_cast<unsigned char>(next)) || next == '"')
            << "lower case after '" << end << "' at " << at << ":\n"
            << story;
      }
    }
  }
  const double mean = static_cast<double>(bytes) / static_cast<double>(all.size());
  EXPECT_GT(mean, 500);  // TinyStories' stories are about 0.8 kB
  EXPECT_LT(mean, 1500);
}

/// Cross-entropy (bits per byte) on `test` of an order-`order` byte n-gram model trained on
/// `train`, interpolated down to a uniform distribution (Dirichlet smoothing, weight 1).
double ngram_bits_per_byte(const std::string& train, const std::string& test, int order) {
  std::unordered_map<uint64_t, uint32_t> seen, seen_then;  // context -> count, (context, byte)
  const auto context_key = [](const std::string& s, size_t i, int k) {
    uint64_t key = static_cast<uint64_t>(k) << 56;
    for (int j = 1; j <= k; ++j)
      key |= static_cast<uint64_t>(static_cast<unsigned char>(s[i - j])) << (8 * j);
    return key;
  };
  for (size_t i = 0; i < train.size(); ++i) {
    for (int k = 0; k <= order && static_cast<size_t>(k) <= i; ++k) {
      const uint64_t key = context_key(train, i, k);
      ++seen[key];
      ++seen_then[key | static_cast<unsigned char>(train[i])];
    }
  }
  double bits = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    double p = 1.0 / 256;
    for (int k = 0; k <= order && static_cast<size_t>(k) <= i; ++k) {
      const uint64_t key = context_key(test, i, k);
      const auto n = seen.find(key);
      const auto n_then = seen_then.find(key | static_cast<unsigned char>(test[i]));
      p = ((n_then == seen_then.end() ? 0 : n_then->second) + p) /
          ((n == seen.end() ? 0 : n->second) + 1.0);
    }
    bits -= std::log2(p);
  }
  return bits / static_cast<double>(test.size());
}

TEST(StoryGenerator, IsLearnableFarBelowUnigramEntropy) {
  std::string train, valid;
  for (const std::string& story : stories(1234, 1000)) train += story + "\n";
  for (const std::string& story : stories(5678, 100)) valid += story + "\n";
  const double unigram = ngram_bits_per_byte(train, valid, 0);
  const double five_gram = ngram_bits_per_byte(train, valid, 5);
  std::printf("held-out bits/byte: unigram %.3f, 5-gram %.3f\n", unigram, five_gram);
  EXPECT_GT(unigram, 4.0);  // English letters and punctuation
  EXPECT_LT(five_gram, 0.5 * unigram);
}

}  // namespace
}  // namespace ff
