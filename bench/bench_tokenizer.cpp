// Encoding speed of a tokenizer on a text file, best of 5: one thread on the whole text (word
// cache filled), then two threads on ~4 KB documents from empty caches (the corpus tokenizer's
// pattern). Optionally writes the ids of the whole text, one per line.
// Usage: bench_tokenizer VOCAB_DIR TEXT_FILE [IDS_OUT] [NAME=gpt2]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

#include "ff/common/error.h"
#include "ff/tokenizer/tokenizer.h"

namespace {

constexpr int kRepeats = 5;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of the calling thread, s: unlike wall time, it does not count time other processes
// took from the shared cores.
double thread_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

// Documents of about `doc_bytes` bytes, cut after a newline.
std::vector<std::string_view> documents(std::string_view text, size_t doc_bytes) {
  std::vector<std::string_view> docs;
  while (!text.empty()) {
    size_t end = text.find('\n', std::min(doc_bytes, text.size()));
    end = end == std::string_view::npos ? text.size() : end + 1;
    docs.push_back(text.substr(0, end));
    text.remove_prefix(end);
  }
  return docs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s VOCAB_DIR TEXT_FILE [IDS_OUT] [NAME=gpt2]\n", argv[0]);
    return 1;
  }
  try {
    const auto tok = ff::make_tokenizer(argc > 4 ? argv[4] : "gpt2", argv[1]);
    std::ifstream in(argv[2], std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const double mb = text.size() / 1e6;

    const std::vector<int32_t> ids = tok->encode(text);  // also fills this thread's cache
    if (argc > 3) {
      std::ofstream out(argv[3]);
      for (int32_t id : ids) out << id << '\n';
    }
    double best_s = 1e30, best_cpu_s = 1e30;
    for (int rep = 0; rep < kRepeats; ++rep) {
      const auto start = std::chrono::steady_clock::now();
      const double cpu_start = thread_cpu_s();
      tok->encode(text);
      best_cpu_s = std::min(best_cpu_s, thread_cpu_s() - cpu_start);
      best_s = std::min(best_s, seconds_since(start));
    }
    std::printf("1 thread, whole text, warm cache: %.1f MB, %zu tokens, best of %d: "
                "%.3f s = %.1f MB/s wall, %.3f s = %.1f MB/s cpu\n",
                mb, ids.size(), kRepeats, best_s, mb / best_s, best_cpu_s, mb / best_cpu_s);

    const auto docs = documents(text, 4096);
    best_s = best_cpu_s = 1e30;
    for (int rep = 0; rep < kRepeats; ++rep) {  // new threads: empty caches every time
      const auto start = std::chrono::steady_clock::now();
      double cpu_s[2] = {0, 0};
      std::vector<std::thread> threads;
      for (int t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
          const double cpu_start = thread_cpu_s();
          for (size_t d = t; d < docs.size(); d += 2) tok->encode(docs[d]);
          cpu_s[t] = thread_cpu_s() - cpu_start;
        });
      }
      for (auto& thread : threads) thread.join();
      best_s = std::min(best_s, seconds_since(start));
      best_cpu_s = std::min(best_cpu_s, std::max(cpu_s[0], cpu_s[1]));
    }
    std::printf("2 threads, %zu documents of ~4 KB, empty caches, best of %d: %.3f s = %.1f MB/s "
                "wall, slower thread %.3f s cpu = %.1f MB/s given 2 free cores\n",
                docs.size(), kRepeats, best_s, mb / best_s, best_cpu_s, mb / best_cpu_s);
  } catch (const ff::Error& e) {
    std::fprintf(stderr, "bench_tokenizer: %s\n", e.what());
    return 1;
  }
  return 0;
}
