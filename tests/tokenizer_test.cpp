// Tokenizers: the byte tokenizer, and GPT-2's BPE against reference ids (tests/data).
#include "ff/tokenizer/byte_tokenizer.h"
#include "ff/tokenizer/gpt2_pretokenizer.h"
#include "ff/tokenizer/gpt2_tokenizer.h"
#include "ff/tokenizer/gpt2_vocab.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ff/common/error.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

const std::string kVocabDir = FF_SOURCE_DIR "/data/gpt2";
const std::string kReferenceIds = FF_TEST_DATA_DIR "/gpt2-token-ids.json";
const std::string kEotText = "<|endoftext|>";
constexpr int32_t kGpt2Eot = 50256;

// The message of the ff::Error that `f` throws, or "" when it throws none.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

struct ReferenceCase {
  std::string text;
  std::vector<int32_t> ids;
};

std::vector<ReferenceCase> reference_cases() {
  std::ifstream in(kReferenceIds);
  EXPECT_TRUE(in.good()) << "cannot read " << kReferenceIds;
  std::vector<ReferenceCase> cases;
  for (const auto& c : nlohmann::json::parse(in)) {
    cases.push_back({c.at("text").get<std::string>(), c.at("ids").get<std::vector<int32_t>>()});
  }
  return cases;
}

// A scratch directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             (name + "-" + std::to_string(std::random_device()()))) {
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ByteTokenizer, RoundTripsUtf8AndEndOfText) {
  ByteTokenizer tok;
  const std::string text = "h\xC3\xA9<|endoftext|>\xF0\x9F\x98\x80";  // "hé", EOT, U+1F600
  const std::vector<int32_t> ids = {'h', 0xC3, 0xA9, 256, 0xF0, 0x9F, 0x98, 0x80};
  EXPECT_EQ(tok.encode(text), ids);
  EXPECT_EQ(tok.decode(ids), text);
  EXPECT_EQ(tok.encode("<|endoftext|"), std::vector<int32_t>(kEotText.begin(), kEotText.end() - 1));
  EXPECT_EQ(tok.eot_id(), 256);
  EXPECT_EQ(tok.vocab_size(), 257);
  EXPECT_THROW(tok.decode({257}), Error);
}

TEST(Gpt2Vocab, ByteMapIsEncoderPyBytesToUnicode) {
  const auto cp = gpt2_byte_codepoints();
  EXPECT_EQ(cp['A'], U'A');
  EXPECT_EQ(cp['!'], U'!');
  EXPECT_EQ(cp[0], 0x100u);
  EXPECT_EQ(cp[' '], 0x120u);   // "Ġ"
  EXPECT_EQ(cp['\n'], 0x10Au);  // "Ċ"
  EXPECT_EQ(cp[0x7F], 0x121u);
  EXPECT_EQ(cp[0xAD], 0x143u);  // the last unprintable byte: 256 + 67
  EXPECT_EQ(cp[0xFF], 0xFFu);
  EXPECT_EQ(std::set<char32_t>(cp.begin(), cp.end()).size(), 256u);
}

TEST(Gpt2PreTokenizer, SplitsLikeEncoderPy) {
  Gpt2PreTokenizer pre;
  using Pieces = std::vector<std::string_view>;
  EXPECT_EQ(pre.split("I'm  here's 42x!?"),
            (Pieces{"I", "'m", " ", " here", "'s", " 42", "x", "!?"}));
  EXPECT_EQ(pre.split("a \n\n b  "), (Pieces{"a", " \n\n", " b", "  "}));
  // U+180E is not White_Space for Python's regex (PCRE2's own \s would cut " " off).
  EXPECT_EQ(pre.split("x \xE1\xA0\x8Ey"), (Pieces{"x", " \xE1\xA0\x8E", "y"}));
  // Invalid UTF-8 bytes are pieces of their own; the pieces still tile the text.
  EXPECT_EQ(pre.split("ab\xFF cd"), (Pieces{"ab", "\xFF", " cd"}));
  EXPECT_TRUE(pre.split("").empty());
}

TEST(Gpt2PreTokenizer, ValidUtf8Prefix) {
  EXPECT_EQ(valid_utf8_prefix("abc\xFF" "def"), 3u);
  EXPECT_EQ(valid_utf8_prefix("\xF0\x9F\x98\x80!"), 5u);  // U+1F600
  EXPECT_EQ(valid_utf8_prefix("\xC0\x80"), 0u);           // overlong NUL
  EXPECT_EQ(valid_utf8_prefix("\xED\xA0\x80"), 0u);       // surrogate U+D800
  EXPECT_EQ(valid_utf8_prefix("\xF4\x90\x80\x80"), 0u);   // above U+10FFFF
  EXPECT_EQ(valid_utf8_prefix("x\xE2\x82"), 1u);          // truncated
}

// Loads the vocabulary once; fails (never skips) when it has not been fetched.
class Gpt2 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (fs::is_regular_file(kVocabDir + "/encoder.json") &&
        fs::is_regular_file(kVocabDir + "/vocab.bpe")) {
      tok_ = std::make_unique<Gpt2Tokenizer>(kVocabDir);
    }
  }
  static void TearDownTestSuite() { tok_.reset(); }
  void SetUp() override {
    ASSERT_NE(tok_, nullptr) << "the GPT-2 vocabulary is not in " << kVocabDir
                             << ": run scripts/get-gpt2-vocab.sh";
  }
  static std::unique_ptr<Gpt2Tokenizer> tok_;
};
std::unique_ptr<Gpt2Tokenizer> Gpt2::tok_;

TEST_F(Gpt2, MatchesEveryReferenceCase) {
  const auto cases = reference_cases();
  ASSERT_GE(cases.size(), 20u);
  for (const auto& c : cases) {
    EXPECT_EQ(tok_->encode(c.text), c.ids) << "text: " << c.text;
    EXPECT_EQ(tok_->decode(c.ids), c.text);
  }
  EXPECT_EQ(tok_->vocab_size(), 50257);
  EXPECT_EQ(tok_->eot_id(), kGpt2Eot);
  EXPECT_EQ(tok_->name(), "gpt2");
}

TEST_F(Gpt2, MatchesEncoderPyOnRepeatsAndLongWords) {
  // Ids from openai/gpt-2 encoder.py (Python regex 2026.5.9) on the same vocabulary.
  EXPECT_EQ(tok_->encode(std::string(33, 'a')),
            (std::vector<int32_t>{24794, 24794, 24794, 24794, 24794, 24794, 24794, 24794, 64}));
  EXPECT_EQ(tok_->encode(std::string(22, '!')), (std::vector<int32_t>{34635, 34635, 13896, 3228}));
  EXPECT_EQ(tok_->encode(std::string(32, '=')), (std::vector<int32_t>{10052}));
  EXPECT_EQ(tok_->encode("x \xE1\xA0\x8Ey"), (std::vector<int32_t>{87, 28053, 254, 236, 88}));
  std::string abc;
  for (int i = 0; i < 3; ++i) abc += "abcabcabcabcabcabcabcabcabcab";
  std::vector<int32_t> abc_ids;
  for (int i = 0; i < 3; ++i) {
    abc_ids.insert(abc_ids.end(), 9, 39305);
    abc_ids.push_back(397);
  }
  EXPECT_EQ(tok_->encode(abc), abc_ids);  // 87 bytes: longer than the cached words
  EXPECT_EQ(tok_->encode_word(std::string(33, 'a')), tok_->encode(std::string(33, 'a')));
}

TEST_F(Gpt2, EndOfTextIsOneToken) {
  EXPECT_EQ(tok_->encode(kEotText + kEotText), (std::vector<int32_t>{kGpt2Eot, kGpt2Eot}));
  // Text on each side of it is pre-tokenized on its own: the space before it stays alone.
  EXPECT_EQ(tok_->encode("a <|endoftext|>b"), (std::vector<int32_t>{64, 220, kGpt2Eot, 65}));
  const auto partial = tok_->encode("<|endoftext|");
  EXPECT_EQ(std::count(partial.begin(), partial.end(), kGpt2Eot), 0);
  EXPECT_EQ(tok_->decode({kGpt2Eot}), kEotText);
  EXPECT_THROW(tok_->decode({50257}), Error);
  EXPECT_THROW(tok_->decode({-1}), Error);
}

TEST_F(Gpt2, RoundTripsAnyBytes) {
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet = {
      "a", "Z", " ", "  ", "\n", "\t", "'s", "'", "9", ".", "\xC3\xA9", "\xE2\x80\x94",
      "\xE4\xBD\xA0", "\xF0\x9F\x98\x80", "\xFF", "\x80", "\xC3", kEotText, "\xE1\xA0\x8E"};
  for (int trial = 0; trial < 200; ++trial) {
    std::string text;
    const int n = std::uniform_int_distribution<int>(0, 60)(rng);
    for (int i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    EXPECT_EQ(tok_->decode(tok_->encode(text)), text);
  }
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
  EXPECT_EQ(tok_->decode(tok_->encode(all_bytes)), all_bytes);
}

TEST_F(Gpt2, EncodesFromTwoThreadsAtOnce) {
  const auto cases = reference_cases();
  std::string text;
  for (int i = 0; i < 200; ++i) text += cases[i % cases.size()].text + "\n";
  const std::vector<int32_t> expected = tok_->encode(text);
  std::vector<int32_t> got[2];
  std::thread a([&] { for (int i = 0; i < 20; ++i) got[0] = tok_->encode(text); });
  std::thread b([&] { for (int i = 0; i < 20; ++i) got[1] = tok_->encode(text); });
  a.join();
  b.join();
  EXPECT_EQ(got[0], expected);
  EXPECT_EQ(got[1], expected);
}

TEST_F(Gpt2, HuggingFaceFileNamesGiveSameIds) {
  TempDir dir("ff-gpt2-hf");
  fs::copy_file(kVocabDir + "/encoder.json", dir.path / "vocab.json");
  fs::copy_file(kVocabDir + "/vocab.bpe", dir.path / "merges.txt");
  const auto hf = make_tokenizer("gpt2", dir.path.string());
  EXPECT_EQ(hf->name(), "gpt2");
  EXPECT_EQ(hf->vocab_size(), 50257);
  EXPECT_EQ(hf->eot_id(), kGpt2Eot);
  for (const auto& c : reference_cases()) EXPECT_EQ(hf->encode(c.text), c.ids) << c.text;
}

TEST(Gpt2Errors, MissingVocabNamesDirAndHint) {
  const std::string dir = "/nonexistent/ff-gpt2-vocab";
  const std::string message = error_of([&] { make_tokenizer("gpt2", dir); });
  EXPECT_NE(message.find(dir), std::string::npos) << message;
  EXPECT_NE(message.find("encoder.json"), std::string::npos) << message;
  EXPECT_NE(message.find("scripts/get-gpt2-vocab.sh"), std::string::npos) << message;
}

TEST(Gpt2Errors, MalformedFilesAreNamed) {
  TempDir dir("ff-gpt2-bad");
  write_file(dir.path / "vocab.json", "{\"a\": 0,");
  write_file(dir.path / "merges.txt", "#version: 0.2\n");
  std::string message = error_of([&] { Gpt2Tokenizer tok(dir.path.string()); });
  EXPECT_NE(message.find((dir.path / "vocab.json").string()), std::string::npos) << message;

  ASSERT_TRUE(fs::is_regular_file(kVocabDir + "/encoder.json"))
      << "run scripts/get-gpt2-vocab.sh";
  fs::copy_file(kVocabDir + "/encoder.json", dir.path / "vocab.json",
                fs::copy_options::overwrite_existing);
  write_file(dir.path / "merges.txt", "#version: 0.2\n\xC4\xA0 t\nnot-a-merge\n");
  message = error_of([&] { Gpt2Tokenizer tok(dir.path.string()); });
  EXPECT_NE(message.find((dir.path / "merges.txt").string() + ": line 3"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace ff
