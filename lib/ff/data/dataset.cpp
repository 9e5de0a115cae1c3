// Train and valid token streams from cached or freshly built llm.c token files (see dataset.h).
#include "ff/data/dataset.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>

#include <spdlog/spdlog.h>

#include "ff/common/error.h"
#include "ff/data/story_generator.h"
#include "ff/data/token_cache.h"

namespace ff {

namespace {

constexpr int64_t kMaxVocab = 65536;              // ids must fit uint16
constexpr size_t kBatchBytesPerThread = 1 << 20;  // text tokenized per thread per batch

/// Tokens of a run of stories and the token count after each story.
struct Chunk {
  std::vector<uint16_t> tokens;
  std::vector<size_t> story_ends;
};

Chunk tokenize_run(const std::vector<std::string>& stories, size_t begin, size_t end,
                   const Tokenizer& tokenizer) {
  const int32_t eot = tokenizer.eot_id();
  const int32_t vocab = tokenizer.vocab_size();
  Chunk chunk;
  for (size_t i = begin; i < end; ++i) {
    chunk.tokens.push_back(static_cast<uint16_t>(eot));
    for (const int32_t id : tokenizer.encode(stories[i])) {
      check(id >= 0 && id < vocab, "tokenizer {}: id {} is outside [0, {})", tokenizer.name(), id,
            vocab);
      chunk.tokens.push_back(static_cast<uint16_t>(id));
    }
    chunk.story_ends.push_back(chunk.tokens.size());
  }
  return chunk;
}

/// Splits `stories` into `threads` contiguous runs of about equal bytes and tokenizes each run
/// on its own thread. Chunks come back in story order.
std::vector<Chunk> tokenize_parallel(const std::vector<std::string>& stories,
                                     const Tokenizer& tokenizer, int threads) {
  check(threads >= 1, "data.threads ({}) must be at least 1", threads);
  size_t total_bytes = 0;
  for (const std::string& story : stories) total_bytes += story.size();
  std::vector<std::future<Chunk>> runs;
  size_t begin = 0, bytes = 0;
  for (int t = 1; t <= threads; ++t) {
    const size_t target = total_bytes * static_cast<size_t>(t) / static_cast<size_t>(threads);
    size_t end = begin;
    while (end < stories.size() && (bytes < target || t == threads)) bytes += stories[end++].size();
    runs.push_back(std::async(std::launch::async, tokenize_run, std::cref(stories), begin, end,
                              std::cref(tokenizer)));
    begin = end;
  }
  std::vector<Chunk> chunks;
  for (auto& run : runs) chunks.push_back(run.get());  // rethrows a worker's ff::Error
  return chunks;
}

/// Appends `chunk` to `tokens`, or with max_tokens > 0 only the stories up to the first that
/// brings the count to max_tokens. False once max_tokens is reached.
bool append_until(std::vector<uint16_t>& tokens, const Chunk& chunk, int64_t max_tokens) {
  size_t take = chunk.tokens.size();
  bool reached = false;
  if (max_tokens > 0) {
    const size_t remaining = static_cast<size_t>(max_tokens) - tokens.size();
    const auto end = std::lower_bound(chunk.story_ends.begin(), chunk.story_ends.end(), remaining);
    reached = end != chunk.story_ends.end();
    if (reached) take = *end;
  }
  tokens.insert(tokens.end(), chunk.tokens.begin(),
                chunk.tokens.begin() + static_cast<int64_t>(take));
  return !reached;
}

void check_options(const DataOptions& options, const Tokenizer& tokenizer) {
  check(options.threads >= 1, "data.threads ({}) must be at least 1", options.threads);
  check(options.builtin_train_tokens > 0, "data.builtin_train_tokens ({}) must be positive",
        options.builtin_train_tokens);
  check(options.builtin_valid_tokens > 0, "data.builtin_valid_tokens ({}) must be positive",
        options.builtin_valid_tokens);
  check(!options.cache_dir.empty(), "data.cache_dir: is empty; set a directory for token caches");
  check(tokenizer.vocab_size() <= kMaxVocab,
        "tokenizer.name: '{}' has {} ids, but token caches store uint16 ids (at most {})",
        tokenizer.name(), tokenizer.vocab_size(), kMaxVocab);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<uint16_t> load_split(const DataOptions& options, const std::string& split,
                                 const Tokenizer& tokenizer) {
  const CorpusSpec spec = corpus_spec(options, split);
  const int64_t max_tokens = split_max_tokens(options, split);
  const std::string path = token_cache_path(options, split, tokenizer);
  const nlohmann::json key = token_cache_key(spec, max_tokens, tokenizer);
  std::vector<uint16_t> tokens;
  if (read_token_cache(path, key, tokens)) {
    const auto max_id = std::max_element(tokens.begin(), tokens.end());
    check(max_id == tokens.end() || *max_id < tokenizer.vocab_size(),
          "{}: holds id {} but the tokenizer has {} ids; delete it to rebuild", path,
          max_id == tokens.end() ? 0 : *max_id, tokenizer.vocab_size());
    spdlog::info("data: {} split: {} tokens from {}", split, tokens.size(), path);
    return tokens;
  }
  spdlog::info("data: building {} ({} stories, {} tokenizer, {} threads)", path, spec.source,
               tokenizer.name(), options.threads);
  const auto start = std::chrono::steady_clock::now();
  tokens = build_tokens(spec, tokenizer, max_tokens, options.threads);
  check(!tokens.empty(), "{}: '{}' holds no stories", spec.path_key, spec.path);
  write_token_cache(path, tokens, key);
  const double seconds = seconds_since(start);
  spdlog::info("data: {} split: {} tokens in {:.1f} s ({:.2f} M tokens/s)", split, tokens.size(),
               seconds, static_cast<double>(tokens.size()) / 1e6 / std::max(seconds, 1e-9));
  return tokens;
}

}  // namespace

TokenSplits load_token_splits(const DataOptions& options, const Tokenizer& tokenizer) {
  check_options(options, tokenizer);
  TokenSplits splits;
  splits.train = load_split(options, "train", tokenizer);
  splits.valid = load_split(options, "valid", tokenizer);
  splits.eot_id = tokenizer.eot_id();
  splits.vocab_size = tokenizer.vocab_size();
  return splits;
}

CorpusSpec corpus_spec(const DataOptions& options, const std::string& split) {
  check(split == "train" || split == "valid", "data: unknown split '{}'", split);
  const bool train = split == "train";
  CorpusSpec spec;
  spec.source = options.source;
  spec.path = train ? options.train_path : options.valid_path;
  spec.path_key = train ? "data.train_path" : "data.valid_path";
  spec.seed = train ? options.seed : options.valid_seed;
  return spec;
}

int64_t split_max_tokens(const DataOptions& options, const std::string& split) {
  if (options.source != "builtin") return 0;
  return split == "train" ? options.builtin_train_tokens : options.builtin_valid_tokens;
}

std::string token_cache_path(const DataOptions& options, const std::string& split,
                             const Tokenizer& tokenizer) {
  const std::string name = options.source + "-" + split + "-" + tokenizer.name() + ".bin";
  return (std::filesystem::path(options.cache_dir) / name).string();
}

nlohmann::json token_cache_key(const CorpusSpec& spec, int64_t max_tokens,
                               const Tokenizer& tokenizer) {
  nlohmann::json source = {{"source", spec.source}};
  if (spec.source == "builtin") {
    source["generator_version"] = kStoryGeneratorVersion;
    source["seed"] = spec.seed;
    source["max_tokens"] = max_tokens;
  } else {
    source["files"] = nlohmann::json::array();
    for (const std::string& file : corpus_files(spec)) {
      std::error_code error;
      const uintmax_t bytes = std::filesystem::file_size(file, error);
      check(!error, "{}: cannot stat: {}", file, error.message());
      source["files"].push_back({{"path", file},
                                 {"bytes", bytes},
                                 {"fnv1a64", fmt::format("{:016x}", fnv1a64_file(file))}});
    }
  }
  const nlohmann::json tokenizer_key = {{"name", tokenizer.name()},
                                        {"vocab_size", tokenizer.vocab_size()},
                                        {"eot_id", tokenizer.eot_id()}};
  return {{"tokenizer", tokenizer_key}, {"source", source}};
}

std::vector<uint16_t> tokenize_stories(const std::vector<std::string>& stories,
                                       const Tokenizer& tokenizer, int threads) {
  std::vector<uint16_t> tokens;
  for (const Chunk& chunk : tokenize_parallel(stories, tokenizer, threads)) {
    append_until(tokens, chunk, 0);
  }
  return tokens;
}

std::vector<uint16_t> build_tokens(const CorpusSpec& spec, const Tokenizer& tokenizer,
                                   int64_t max_tokens, int threads) {
  check(threads >= 1, "data.threads ({}) must be at least 1", threads);  // sizes the batches
  std::vector<uint16_t> tokens;
  std::vector<std::string> batch;
  size_t batch_bytes = 0;
  bool open = true;  // false once max_tokens is reached
  const auto flush = [&] {
    for (const Chunk& chunk : tokenize_parallel(batch, tokenizer, threads)) {
      if (open) open = append_until(tokens, chunk, max_tokens);
    }
    batch.clear();
    batch_bytes = 0;
  };
  read_stories(spec, [&](std::string&& story) {
    batch_bytes += story.size();
    batch.push_back(std::move(story));
    // Near the budget, batches shrink: a token covers at least one byte of text, so the budget
    // needs at least `remaining` more bytes and a batch of that size overshoots by one story.
    size_t limit = kBatchBytesPerThread * static_cast<size_t>(threads);
    if (max_tokens > 0) limit = std::min(limit, static_cast<size_t>(max_tokens) - tokens.size());
    if (batch_bytes >= limit) flush();
    return open;
  });
  if (open && !batch.empty()) flush();
  return tokens;
}

}  // namespace ff
