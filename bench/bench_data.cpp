// Data pipeline throughput: the story generator, the corpus readers, tokenization on 1 and 2
// threads, and the FNV-1a content hash. Prints figures only (wall-clock, one run each).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ff/data/corpus.h"
#include "ff/data/dataset.h"
#include "ff/data/story_generator.h"
#include "ff/data/token_cache.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void report(const char* what, double megabytes, double seconds) {
  std::printf("%-40s %8.1f MB in %6.3f s = %7.1f MB/s\n", what, megabytes, seconds,
              megabytes / seconds);
}

}  // namespace

int main() {
  const size_t kBytes = 50'000'000;  // 50 MB of stories, ~70 k stories
  auto start = Clock::now();
  ff::StoryGenerator generator(1234);
  std::vector<std::string> stories;
  size_t bytes = 0;
  while (bytes < kBytes) bytes += stories.emplace_back(generator.next()).size();
  report("story generator (1 thread)", bytes / 1e6, seconds_since(start));

  const auto tokenizer = ff::make_tokenizer("byte", "");
  for (int threads : {1, 2}) {
    start = Clock::now();
    const size_t tokens = ff::tokenize_stories(stories, *tokenizer, threads).size();
    const std::string what = "byte tokenization, " + std::to_string(threads) + " thread(s)";
    report(what.c_str(), tokens / 1e6, seconds_since(start));
  }

  const auto dir = std::filesystem::temp_directory_path() / "ff_bench_data";
  std::filesystem::create_directories(dir);
  const std::string txt = (dir / "stories.txt").string(), shard = (dir / "data00.json").string();
  {
    std::ofstream out_txt(txt), out_json(shard);
    nlohmann::json array = nlohmann::json::array();
    for (const std::string& story : stories) {
      out_txt << story << "\n<|endoftext|>\n";
      array.push_back({{"story", story}, {"summary", "a story"}});
    }
    out_json << array.dump();
  }
  size_t read = 0;
  const auto visit = [&read](std::string&&) { return ++read > 0; };
  start = Clock::now();
  ff::read_txt_stories(txt, visit);
  report("tinystories_txt reader", std::filesystem::file_size(txt) / 1e6, seconds_since(start));
  start = Clock::now();
  ff::read_json_stories(shard, visit);
  report("tinystories_json reader (SAX)", std::filesystem::file_size(shard) / 1e6,
         seconds_since(start));
  start = Clock::now();
  const uint64_t hash = ff::fnv1a64_file(txt);
  report("fnv1a64 content hash", std::filesystem::file_size(txt) / 1e6, seconds_since(start));
  std::printf("(%zu stories generated, %zu read back; hash %016llx)\n", stories.size(), read,
              static_cast<unsigned long long>(hash));
  std::filesystem::remove_all(dir);
  return 0;
}
