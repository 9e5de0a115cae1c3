// GPT-2 byte-level BPE (see gpt2_tokenizer.h).
#include "ff/tokenizer/gpt2_tokenizer.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <queue>
#include <utility>

#include "ff/common/error.h"

namespace ff {

namespace {

constexpr std::string_view kEotText = "<|endoftext|>";
constexpr size_t kMaxCachedWords = size_t{1} << 16;  // per thread; the cache restarts when full
constexpr size_t kMaxCachedWordBytes = 64;           // longer words are merged every time
constexpr size_t kCacheTextBytes = kMaxCachedWords * 16;

// Words already merged, for one tokenizer at a time, in each thread: no locks on the hot path.
// The keys view into `text`, the values are spans of `ids`; everything goes at once when full.
struct WordCache {
  uint64_t owner = 0;  // cache_owner_ of the tokenizer the entries belong to
  std::unordered_map<std::string_view, std::pair<uint32_t, uint32_t>> words;  // (first, count)
  std::unique_ptr<char[]> text;  // kCacheTextBytes: the cached words, back to back
  size_t text_used = 0;
  std::vector<int32_t> ids;

  void reset(uint64_t new_owner) {
    owner = new_owner;
    words.clear();
    text_used = 0;
    ids.clear();
    if (!text) {
      text = std::make_unique<char[]>(kCacheTextBytes);
      words.reserve(kMaxCachedWords);
    }
  }

  // Remembers `merged` as the ids of `word` (at most kMaxCachedWordBytes long).
  std::pair<uint32_t, uint32_t> add(std::string_view word, const std::vector<int32_t>& merged) {
    if (words.size() >= kMaxCachedWords || text_used + word.size() > kCacheTextBytes) {
      reset(owner);
    }
    char* key = text.get() + text_used;
    std::copy(word.begin(), word.end(), key);
    text_used += word.size();
    const std::pair<uint32_t, uint32_t> span(ids.size(), merged.size());
    ids.insert(ids.end(), merged.begin(), merged.end());
    words.emplace(std::string_view(key, word.size()), span);
    return span;
  }
};

thread_local WordCache t_word_cache;
std::atomic<uint64_t> g_next_cache_owner{1};

uint64_t pair_key(int32_t left, int32_t right) {
  return uint64_t{static_cast<uint32_t>(left)} << 32 | static_cast<uint32_t>(right);
}

}  // namespace

Gpt2Tokenizer::Gpt2Tokenizer(const std::string& dir)
    : vocab_(load_gpt2_vocab(dir)), cache_owner_(g_next_cache_owner++) {
  merges_.reserve(vocab_.merges.size());
  for (size_t rank = 0; rank < vocab_.merges.size(); ++rank) {
    const Gpt2Merge& m = vocab_.merges[rank];
    // A pair listed twice keeps its last rank, as dict(zip(merges, range(...))) does.
    merges_.insert_or_assign(pair_key(m.left, m.right),
                             MergeRule{static_cast<int32_t>(rank), m.merged});
  }
}

const Gpt2Tokenizer::MergeRule* Gpt2Tokenizer::find_merge(int32_t left, int32_t right) const {
  const auto it = merges_.find(pair_key(left, right));
  return it == merges_.end() ? nullptr : &it->second;
}

std::vector<int32_t> Gpt2Tokenizer::encode(std::string_view text) const {
  std::vector<int32_t> ids;
  ids.reserve(text.size() / 3 + 1);
  size_t pos = 0;
  for (;;) {
    const size_t eot = text.find(kEotText, pos);
    encode_ordinary(text.substr(pos, eot == std::string_view::npos ? eot : eot - pos), &ids);
    if (eot == std::string_view::npos) break;
    ids.push_back(vocab_.eot_id);
    pos = eot + kEotText.size();
  }
  return ids;
}

// Text without special tokens: pre-tokenize, then merge each word (cached per thread).
void Gpt2Tokenizer::encode_ordinary(std::string_view text, std::vector<int32_t>* ids) const {
  WordCache& cache = t_word_cache;
  if (cache.owner != cache_owner_) cache.reset(cache_owner_);
  pretokenizer_.for_each_piece(text, [&](std::string_view word) {
    if (word.size() == 1) {
      ids->push_back(vocab_.byte_ids[static_cast<unsigned char>(word[0])]);
    } else if (word.size() > kMaxCachedWordBytes) {
      const std::vector<int32_t> merged = encode_word(word);
      ids->insert(ids->end(), merged.begin(), merged.end());
    } else {
      const auto it = cache.words.find(word);
      const auto [first, count] = it != cache.words.end() ? it->second
                                                          : cache.add(word, encode_word(word));
      ids->insert(ids->end(), cache.ids.begin() + first, cache.ids.begin() + first + count);
    }
  });
}

// encoder.py's bpe(): repeatedly take the lowest-ranked pair present and merge all its
// occurrences, left to right. Done here in O(n log n) with a heap of (rank, position) over a
// linked list of symbols. A round pops every entry of the lowest rank in position order; the
// pairs a round creates join the heap only after it, so each round is exactly one pass of
// encoder.py's loop. Entries whose pair has since changed are skipped.
std::vector<int32_t> Gpt2Tokenizer::encode_word(std::string_view word) const {
  const auto n = static_cast<int32_t>(word.size());
  std::vector<int32_t> ids(n), next(n), prev(n);  // a merged pair lives on at its left position
  for (int32_t i = 0; i < n; ++i) {
    ids[i] = vocab_.byte_ids[static_cast<unsigned char>(word[i])];
    prev[i] = i - 1;
    next[i] = i + 1 < n ? i + 1 : -1;
  }
  using Candidate = std::pair<int32_t, int32_t>;  // (rank, left position)
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  std::vector<Candidate> created;  // pairs made during the current round
  const auto consider = [&](int32_t left, std::vector<Candidate>* out) {
    if (const MergeRule* rule = find_merge(ids[left], ids[next[left]])) {
      out->push_back({rule->rank, left});
    }
  };
  std::vector<Candidate> initial;
  for (int32_t i = 0; i + 1 < n; ++i) consider(i, &initial);
  heap = decltype(heap)(std::greater<>(), std::move(initial));

  while (!heap.empty()) {
    const int32_t rank = heap.top().first;
    while (!heap.empty() && heap.top().first == rank) {
      const int32_t left = heap.top().second;
      heap.pop();
      const int32_t right = ids[left] < 0 ? -1 : next[left];
      if (right < 0) continue;  // left was merged away, or is now last
      const MergeRule* rule = find_merge(ids[left], ids[right]);
      if (rule == nullptr || rule->rank != rank) continue;  // the pair has changed
      ids[left] = rule->merged;
      ids[right] = -1;
      next[left] = next[right];
      if (next[left] >= 0) prev[next[left]] = left;
      if (prev[left] >= 0) consider(prev[left], &created);
      if (next[left] >= 0) consider(left, &created);
    }
    for (const Candidate& c : created) heap.push(c);
    created.clear();
  }
  std::vector<int32_t> merged;
  for (int32_t i = n > 0 ? 0 : -1; i >= 0; i = next[i]) merged.push_back(ids[i]);
  return merged;
}

std::string Gpt2Tokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string text;
  text.reserve(ids.size() * 4);
  for (const int32_t id : ids) {
    check(id >= 0 && id < vocab_size(), "gpt2 tokenizer: id {} out of range [0, {})", id,
          vocab_size());
    text += vocab_.tokens[id];
  }
  return text;
}

}  // namespace ff
