// Story corpora: TinyStories V2 text files, the TinyStories_all_data JSON shards, and the built-in
// story generator. Every reader hands over stories one at a time, in corpus order, stripped of
// surrounding whitespace; empty stories are dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ff {

/// Where TinyStories is published; error messages for missing files point here.
inline constexpr std::string_view kTinyStoriesUrl =
    "https://huggingface.co/datasets/roneneldan/TinyStories";

/// Called with each story in order (stripped, never empty). Return false to stop reading.
using StoryVisitor = std::function<bool(std::string&& story)>;

/// One split's stories: config keys data.source and data.train_path / data.valid_path.
struct CorpusSpec {
  std::string source = "builtin";  // "builtin" | "tinystories_txt" | "tinystories_json"
  std::string path;                // file or directory; unused by builtin
  std::string path_key;            // the config key of `path` ("data.train_path"), for messages
  uint64_t seed = 0;               // builtin only: the generator's seed
};

/// The files `spec` reads, in reading order: a text file; a .json file, or a directory's
/// data*.json in name order. Empty for builtin. Throws ff::Error naming path_key, the path and
/// kTinyStoriesUrl when the path is missing, or for an unknown source.
std::vector<std::string> corpus_files(const CorpusSpec& spec);

/// Reads the stories of `spec` until the corpus ends or `visit` returns false. The builtin
/// source never ends: its reader must stop it (see build_tokens in dataset.h).
void read_stories(const CorpusSpec& spec, const StoryVisitor& visit);

/// Stories of a TinyStories V2 text file (TinyStoriesV2-GPT4-train.txt): stories are separated
/// by lines that are exactly "<|endoftext|>" (a trailing '\r' is allowed). Returns false when
/// `visit` stopped the reading.
bool read_txt_stories(const std::string& file, const StoryVisitor& visit);

/// Stories of one TinyStories_all_data shard (data00.json): a JSON array of objects, each with a
/// string field "story". Streams the file (SAX), so memory stays at one story. Throws ff::Error
/// naming the file (and the byte offset) when it is not such an array. Returns false when
/// `visit` stopped the reading.
bool read_json_stories(const std::string& file, const StoryVisitor& visit);

/// `text` without leading and trailing whitespace (space, \t, \n, \r, \v, \f).
std::string_view strip_whitespace(std::string_view text);

}  // namespace ff
