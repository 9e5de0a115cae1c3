// Every input the fuzz targets (tests/fuzz) found a problem with, kept in tests/data/fuzz/<target>/,
// fed to the same readers in the normal suite: each must end in a value or one ff::Error (any
// other exception fails the test; make test-sanitize also catches memory errors and leaks).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "ff/common/fs.h"
#include "ff/data/token_cache.h"
#include "ff/io/analysis_file.h"
#include "ff/io/config.h"
#include "ff/io/csv.h"
#include "ff/io/curve_file.h"
#include "ff/io/plan_file.h"
#include "ff/io/report.h"
#include "ff/io/results_file.h"
#include "ff/tokenizer/gpt2_pretokenizer.h"
#include "ff/tokenizer/gpt2_tokenizer.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;

// The saved inputs of one target (none yet is fine: the folder appears with its first finding).
std::vector<fs::path> findings(const std::string& target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(FF_TEST_DATA_DIR) / "fuzz" / target;
  if (!fs::exists(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  return files;
}

// Runs `read`: an ff::Error is a valid end; any other exception escapes and fails the test.
template <typename F>
void value_or_error(F read) {
  try {
    read();
  } catch (const Error&) {
  }
}

TEST(FuzzFindings, CsvReaders) {
  for (const fs::path& file : findings("csv")) {
    SCOPED_TRACE(file.string());
    const std::string text = read_file(file);
    for (const char* source : {"f.csv", "f.tsv"}) {
      for (bool keep_partial : {true, false}) {
        EXPECT_NO_THROW(value_or_error([&] { parse_csv(text, source, keep_partial); }));
      }
    }
  }
  for (const fs::path& file : findings("results")) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(value_or_error([&] { read_observations(file); }));
    EXPECT_NO_THROW(value_or_error([&] { read_results(file); }));
    EXPECT_NO_THROW(value_or_error([&] { finished_runs(file); }));
    EXPECT_NO_THROW(value_or_error([&] { read_curve(file); }));
    EXPECT_NO_THROW(value_or_error([&] { parse_chinchilla_csv(read_file(file), "chinchilla.csv"); }));
  }
}

TEST(FuzzFindings, JsonReaders) {
  for (const fs::path& file : findings("plan_json")) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(value_or_error([&] { read_plan(file); }));
  }
  for (const fs::path& file : findings("analysis_json")) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(value_or_error([&] { read_analysis(file); }));
  }
}

// The input's lines up to "%%" are a preset, each line after it an override (as tests/fuzz/fuzz_config.cpp).
TEST(FuzzFindings, ConfigLayering) {
  for (const fs::path& file : findings("config")) {
    SCOPED_TRACE(file.string());
    const std::string text = read_file(file);
    const size_t split = text.find("\n%%\n");
    EXPECT_NO_THROW(value_or_error([&] {
      Config config = Config::defaults();
      config.merge_yaml(text.substr(0, split), "preset.yaml");
      for (size_t start = split == std::string::npos ? text.size() : split + 4; start < text.size();) {
        const size_t end = std::min(text.find('\n', start), text.size());
        config.merge_override(text.substr(start, end - start));
        start = end + 1;
      }
      config.to_yaml();
      config.to_json();
    }));
  }
}

TEST(FuzzFindings, TokenCacheAndTokenizer) {
  for (const fs::path& file : findings("token_cache")) {
    SCOPED_TRACE(file.string());
    EXPECT_NO_THROW(value_or_error([&] { read_token_file(file.string()); }));
  }
  const Gpt2PreTokenizer pretokenizer;
  for (const fs::path& file : findings("pretokenizer")) {
    SCOPED_TRACE(file.string());
    const std::string text = read_file(file);
    std::string joined;
    for (std::string_view piece : pretokenizer.split(text)) joined += piece;
    EXPECT_EQ(joined, text);
  }
  const std::vector<fs::path> bpe = findings("bpe");
  if (bpe.empty()) return;
  const Gpt2Tokenizer tokenizer(FF_SOURCE_DIR "/data/gpt2");
  for (const fs::path& file : bpe) {
    SCOPED_TRACE(file.string());
    const std::string text = read_file(file);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode(text)), text);
  }
}

// The first finding, in plan.json and analysis.json alike: a number too large for a double
// made the JSON parser throw out_of_range, which no reader caught.
TEST(FuzzFindings, NumberTooLargeForADoubleIsMalformedJson) {
  testing::TempDir dir;
  const std::string path = dir.file("plan.json", "{\"schema_version\": 1, \"budgets\": [1e400]}");
  EXPECT_EQ(testing::error_of([&] { read_plan(path); }),
            path + ": malformed json: [json.exception.out_of_range.406] number overflow parsing '1e400'");
  const std::string analysis = dir.file("analysis.json", "{\"n_runs\": -1e999}");
  EXPECT_NE(testing::error_of([&] { read_analysis(analysis); }).find("malformed json"), std::string::npos);
}

}  // namespace
}  // namespace ff
