// Story corpora: TinyStories text and JSON readers on fixture files, errors, the builtin source.
#include "ff/data/corpus.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "ff/common/error.h"
#include "ff/data/story_generator.h"
#include "temp_dir.h"

namespace ff {
namespace {

namespace fs = std::filesystem;
using testing::error_of;
using testing::TempDir;

std::vector<std::string> read_all(const CorpusSpec& spec) {
  std::vector<std::string> stories;
  read_stories(spec, [&](std::string&& story) {
    stories.push_back(std::move(story));
    return true;
  });
  return stories;
}

TEST(Corpus, StripWhitespace) {
  EXPECT_EQ(strip_whitespace("  \t\nOnce upon a time.\r\n \n"), "Once upon a time.");
  EXPECT_EQ(strip_whitespace("a\n\nb"), "a\n\nb");
  EXPECT_EQ(strip_whitespace(" \n\t\r "), "");
  EXPECT_EQ(strip_whitespace(""), "");
}

TEST(Corpus, TextFileSplitsOnEndOfTextLines) {
  TempDir dir;
  const std::string file =
      dir.file("TinyStoriesV2-GPT4-valid.txt",
               "\n  Once upon a time.\nThe end.  \n<|endoftext|>\n"
               "Second story\n<|endoftext|>\n<|endoftext|>\n   \n<|endoftext|>\r\n"
               "Not a separator <|endoftext|> inside a line\n"
               " <|endoftext|>\n<|endoftext|>\nLast story, no separator after");
  const std::vector<std::string> expected = {
      "Once upon a time.\nThe end.", "Second story",
      "Not a separator <|endoftext|> inside a line\n <|endoftext|>",
      "Last story, no separator after"};
  EXPECT_EQ(read_all({"tinystories_txt", file, "data.valid_path", 0}), expected);
}

TEST(Corpus, TextReaderStopsWhenTheVisitorSaysSo) {
  TempDir dir;
  const std::string file = dir.file("t.txt", "a\n<|endoftext|>\nb\n<|endoftext|>\nc\n");
  std::vector<std::string> seen;
  EXPECT_FALSE(read_txt_stories(file, [&](std::string&& story) {
    seen.push_back(story);
    return seen.size() < 2;
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b"}));
}

TEST(Corpus, JsonShardYieldsStoryFieldsOnly) {
  TempDir dir;
  const std::string file = dir.file(
      "data00.json",
      R"([{"story": "  Lily had a ball.\n", "instruction": {"prompt:": "x", "words": ["story", "a"],)"
      R"( "story": "nested, not a story"}, "summary": "s", "source": "GPT-4"},)"
      R"( {"source": "GPT-3.5", "story": "Caf\u00e9 \"quoted\""}, {"story": "   "}, {"story": "B"}])");
  const std::vector<std::string> expected = {"Lily had a ball.", "Caf\xc3\xa9 \"quoted\"", "B"};
  EXPECT_EQ(read_all({"tinystories_json", file, "data.train_path", 0}), expected);
}

TEST(Corpus, JsonDirectoryReadsDataShardsInNameOrder) {
  TempDir dir;
  dir.file("data10.json", R"([{"story": "ten"}])");
  dir.file("data00.json", R"([{"story": "zero a"}, {"story": "zero b"}])");
  dir.file("data01.json", R"([{"story": "one"}])");
  dir.file("other.json", R"([{"story": "not a shard"}])");
  dir.file("data02.txt", "not json");
  const CorpusSpec spec{"tinystories_json", dir.path().string(), "data.train_path", 0};
  EXPECT_EQ(corpus_files(spec).size(), 3u);
  EXPECT_EQ(read_all(spec), (std::vector<std::string>{"zero a", "zero b", "one", "ten"}));
}

TEST(Corpus, MalformedJsonNamesFileAndByteOffset) {
  TempDir dir;
  const std::string file = dir.file("data03.json", R"([{"story": "fine"}, {"story": "cut off)");
  const std::string message = error_of([&] { read_all({"tinystories_json", file, "k", 0}); });
  EXPECT_NE(message.find(file), std::string::npos) << message;
  EXPECT_NE(message.find("malformed json at byte"), std::string::npos) << message;
}

TEST(Corpus, JsonOfTheWrongShapeNamesFileAndElement) {
  TempDir dir;
  const auto message_for = [&](const std::string& text) {
    const std::string file = dir.file("data.json", text);
    return error_of([&] { read_json_stories(file, [](std::string&&) { return true; }); });
  };
  EXPECT_NE(message_for(R"({"story": "x"})").find("expected a json array"), std::string::npos);
  EXPECT_NE(message_for("42").find("expected a json array"), std::string::npos);
  EXPECT_NE(message_for(R"([{"story": "x"}, 7])")
                .find("element 1 of the top-level array is not an object"),
            std::string::npos);
  EXPECT_NE(
      message_for(R"([{"story": "x"}, {"text": "y"}])").find("element 1 has no \"story\" string"),
      std::string::npos);
  EXPECT_NE(message_for(R"([{"story": 5}])").find("data.json: element 0 has no"),
            std::string::npos);
}

TEST(Corpus, MissingPathNamesKeyPathAndWhereToDownload) {
  for (const std::string source : {"tinystories_txt", "tinystories_json"}) {
    const CorpusSpec spec{source, "/nonexistent/TinyStoriesV2-GPT4-train.txt", "data.train_path",
                          0};
    const std::string message = error_of([&] { read_all(spec); });
    EXPECT_NE(message.find("data.train_path"), std::string::npos) << message;
    EXPECT_NE(message.find("/nonexistent/TinyStoriesV2-GPT4-train.txt"), std::string::npos)
        << message;
    EXPECT_NE(message.find(std::string(kTinyStoriesUrl)), std::string::npos) << message;
    EXPECT_EQ(message, error_of([&] { corpus_files(spec); }));
  }
  const std::string empty = error_of([] {
    corpus_files({"tinystories_txt", "", "data.valid_path", 0});
  });
  EXPECT_NE(empty.find("data.valid_path"), std::string::npos) << empty;
}

TEST(Corpus, DirectoryErrorsNameTheKey) {
  TempDir dir;
  const std::string no_shards = error_of([&] {
    corpus_files({"tinystories_json", dir.path().string(), "data.valid_path", 0});
  });
  EXPECT_NE(no_shards.find("data.valid_path"), std::string::npos) << no_shards;
  EXPECT_NE(no_shards.find("no data*.json"), std::string::npos) << no_shards;
  const std::string txt_dir = error_of([&] {
    corpus_files({"tinystories_txt", dir.path().string(), "data.train_path", 0});
  });
  EXPECT_NE(txt_dir.find("is a directory"), std::string::npos) << txt_dir;
}

TEST(Corpus, UnknownSourceIsAnError) {
  const std::string message = error_of([] {
    corpus_files({"tinystories_csv", "x", "data.train_path", 0});
  });
  EXPECT_NE(message.find("data.source: unknown source 'tinystories_csv'"), std::string::npos)
      << message;
}

TEST(Corpus, BuiltinSourceIsTheGeneratorWithItsSeed) {
  StoryGenerator generator(77);
  int count = 0;
  read_stories({"builtin", "", "", 77}, [&](std::string&& story) {
    EXPECT_EQ(story, generator.next());
    EXPECT_EQ(story, std::string(strip_whitespace(story)));
    return ++count < 50;
  });
  EXPECT_EQ(count, 50);
  EXPECT_TRUE(corpus_files({"builtin", "", "", 77}).empty());
}

}  // namespace
}  // namespace ff
