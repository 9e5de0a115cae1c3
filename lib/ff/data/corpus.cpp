// Story corpora (see corpus.h): TinyStories text and JSON readers, the built-in source.
#include "ff/data/corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ff/common/error.h"
#include "ff/data/story_generator.h"

namespace ff {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kEndOfText = "<|endoftext|>";

/// Hands `story` to `visit` once stripped; empty stories are dropped. False when told to stop.
bool emit(std::string_view story, const StoryVisitor& visit) {
  const std::string_view stripped = strip_whitespace(story);
  return stripped.empty() || visit(std::string(stripped));
}

/// SAX handler for a TinyStories_all_data shard: depth 1 is the top-level array, depth 2 the
/// objects; a string under key "story" at depth 2 is a story. Anything else there is skipped.
class ShardHandler {
 public:
  using json = nlohmann::json;
  ShardHandler(const std::string& file, const StoryVisitor& visit) : file_(file), visit_(visit) {}

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(json::number_integer_t) { return value(); }
  bool number_unsigned(json::number_unsigned_t) { return value(); }
  bool number_float(json::number_float_t, const std::string&) { return value(); }
  bool binary(json::binary_t&) { return value(); }
  bool string(std::string& text) {
    if (depth_ != 2 || key_ != "story") return value();
    has_story_ = true;
    return emit(text, visit_);
  }
  bool key(std::string& name) {
    if (depth_ == 2) key_ = name;
    return true;
  }
  bool start_object(size_t) { return open(true); }
  bool start_array(size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool parse_error(size_t offset, const std::string&, const nlohmann::detail::exception& error) {
    fail("{}: malformed json at byte {}: {}", file_, offset, error.what());
  }

 private:
  /// A value other than a story: fine inside an object, an error as an array element.
  bool value() {
    check(depth_ != 0, "{}: expected a json array of objects with a \"story\" field", file_);
    check(depth_ != 1, "{}: element {} of the top-level array is not an object", file_, elements_);
    return true;
  }
  bool open(bool object) {
    if (depth_ == 0) {
      check(!object, "{}: expected a json array of objects with a \"story\" field, not an object",
            file_);
    }
    if (depth_ == 1) {
      check(object, "{}: element {} of the top-level array is not an object", file_, elements_);
      has_story_ = false;
      key_.clear();
    }
    ++depth_;
    return true;
  }
  bool close() {
    if (--depth_ == 1) {
      check(has_story_, "{}: element {} has no \"story\" string", file_, elements_);
      ++elements_;
    }
    return true;
  }

  const std::string& file_;
  const StoryVisitor& visit_;
  int depth_ = 0;
  int64_t elements_ = 0;  // array elements finished so far: the index of the current one
  bool has_story_ = false;
  std::string key_;
};

std::string missing_hint(const std::string& source) {
  if (source == "tinystories_json") {
    return fmt::format(
        "download TinyStories_all_data.tar.gz from {} and unpack it, or set data.source=builtin",
        kTinyStoriesUrl);
  }
  return fmt::format(
      "download TinyStoriesV2-GPT4-train.txt and TinyStoriesV2-GPT4-valid.txt "
      "from {}, or set data.source=builtin",
      kTinyStoriesUrl);
}

/// A directory's data*.json shards in name order.
std::vector<std::string> json_shards(const CorpusSpec& spec) {
  std::vector<std::string> shards;
  for (const auto& entry : fs::directory_iterator(spec.path)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.rfind("data", 0) == 0 &&
        entry.path().extension() == ".json") {
      shards.push_back(entry.path().string());
    }
  }
  check(!shards.empty(), "{}: directory '{}' holds no data*.json shards; {}", spec.path_key,
        spec.path, missing_hint(spec.source));
  std::sort(shards.begin(), shards.end());
  return shards;
}

}  // namespace

std::string_view strip_whitespace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\v\f";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string> corpus_files(const CorpusSpec& spec) {
  if (spec.source == "builtin") return {};
  check(spec.source == "tinystories_txt" || spec.source == "tinystories_json",
        "data.source: unknown source '{}' (expected builtin, tinystories_txt or tinystories_json)",
        spec.source);
  check(!spec.path.empty(), "{}: is empty but data.source is {}; {}", spec.path_key, spec.source,
        missing_hint(spec.source));
  check(fs::exists(spec.path), "{}: '{}' does not exist; {}", spec.path_key, spec.path,
        missing_hint(spec.source));
  if (!fs::is_directory(spec.path)) return {spec.path};
  check(spec.source == "tinystories_json",
        "{}: '{}' is a directory; tinystories_txt reads one file such as "
        "TinyStoriesV2-GPT4-train.txt",
        spec.path_key, spec.path);
  return json_shards(spec);
}

void read_stories(const CorpusSpec& spec, const StoryVisitor& visit) {
  if (spec.source == "builtin") {
    StoryGenerator generator(spec.seed);
    while (visit(generator.next())) {
    }
    return;
  }
  const bool json = spec.source == "tinystories_json";
  for (const std::string& file : corpus_files(spec)) {
    if (!(json ? read_json_stories(file, visit) : read_txt_stories(file, visit))) return;
  }
}

bool read_txt_stories(const std::string& file, const StoryVisitor& visit) {
  std::ifstream in(file, std::ios::binary);
  check(in.is_open(), "{}: cannot open: {}", file, std::strerror(errno));
  std::string story, line;
  while (std::getline(in, line)) {
    std::string_view content = line;
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    if (content == kEndOfText) {
      if (!emit(story, visit)) return false;
      story.clear();
    } else {
      story += line;
      story += '\n';
    }
  }
  check(!in.bad(), "{}: read error: {}", file, std::strerror(errno));
  return emit(story, visit);
}

bool read_json_stories(const std::string& file, const StoryVisitor& visit) {
  std::ifstream in(file, std::ios::binary);
  check(in.is_open(), "{}: cannot open: {}", file, std::strerror(errno));
  ShardHandler handler(file, visit);
  return nlohmann::json::sax_parse(in, &handler);
}

}  // namespace ff
