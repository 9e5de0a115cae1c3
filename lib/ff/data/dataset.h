// The trainer's data: the token streams of the train and valid splits, read from llm.c token
// caches (token_cache.h) that are built from the configured corpus (corpus.h) when missing or
// stale. Each story is preceded by the end-of-text token, as in llm.c's TinyStories files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/data/corpus.h"
#include "ff/tokenizer/tokenizer.h"

namespace ff {

/// The config keys under data.*, one field each (key: meaning, unit).
struct DataOptions {
  /// data.source: where stories come from: builtin | tinystories_txt | tinystories_json.
  std::string source = "builtin";
  /// data.train_path / data.valid_path: TinyStoriesV2-GPT4-{train,valid}.txt for
  /// tinystories_txt; one data*.json shard or a directory of them for tinystories_json.
  std::string train_path, valid_path;
  /// data.cache_dir: directory of the token caches (relative to the working directory).
  std::string cache_dir = "data/cache";
  /// data.builtin_train_tokens / data.builtin_valid_tokens: tokens the generator writes per
  /// split, in tokens of the configured tokenizer (whole stories: at least this many).
  int64_t builtin_train_tokens = 20'000'000;
  int64_t builtin_valid_tokens = 200'000;
  /// data.seed / data.valid_seed: the generator's seeds for train and valid (builtin only).
  uint64_t seed = 1234, valid_seed = 5678;
  /// data.threads: threads that tokenize while a cache is built.
  int threads = 2;
};

/// Both splits' token streams, each story preceded by eot_id; every id is below vocab_size.
struct TokenSplits {
  std::vector<uint16_t> train, valid;
  int32_t eot_id = 0;
  int32_t vocab_size = 0;
};

/// The token streams for `options`, read from their caches in options.cache_dir, which are
/// built first when missing or when their key (tokenizer, source files or generator settings)
/// changed. Throws ff::Error naming the config key for bad options or missing corpus files,
/// and naming the file for corrupt caches or corpus files.
TokenSplits load_token_splits(const DataOptions& options, const Tokenizer& tokenizer);

/// The corpus of `split` ("train" or "valid") under `options`.
CorpusSpec corpus_spec(const DataOptions& options, const std::string& split);

/// How many tokens the builtin generator writes for `split`; 0 (the whole corpus) for files.
int64_t split_max_tokens(const DataOptions& options, const std::string& split);

/// "<cache_dir>/<source>-<split>-<tokenizer>.bin", e.g. data/cache/builtin-train-byte.bin.
std::string token_cache_path(const DataOptions& options, const std::string& split,
                             const Tokenizer& tokenizer);

/// Everything a split's tokens depend on: the tokenizer (name, vocab size, end-of-text id) and
/// the source (the generator's version, seed and max_tokens; or each file's path, size and
/// FNV-1a 64 content hash). Hashing reads every corpus file once (about 1 GB/s).
nlohmann::json token_cache_key(const CorpusSpec& spec, int64_t max_tokens,
                               const Tokenizer& tokenizer);

/// Tokens of `stories`, each preceded by the end-of-text token, tokenized on `threads` threads
/// (contiguous runs of stories, concatenated in order): the same for every thread count.
/// Tokenizer::encode is called concurrently, so it must be safe to call from several threads.
std::vector<uint16_t> tokenize_stories(const std::vector<std::string>& stories,
                                       const Tokenizer& tokenizer, int threads);

/// Reads the corpus of `spec` and tokenizes it (as tokenize_stories) in batches. With
/// max_tokens > 0, stops after the first story that brings the count to max_tokens or more
/// (the builtin source needs it: it never ends). The result does not depend on `threads`.
std::vector<uint16_t> build_tokens(const CorpusSpec& spec, const Tokenizer& tokenizer,
                                   int64_t max_tokens, int threads);

}  // namespace ff
