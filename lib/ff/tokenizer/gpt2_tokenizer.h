// GPT-2's byte-level BPE tokenizer, id for id: the pre-tokenizer regex, then rank-ordered merges
// on each word's bytes (Radford et al. 2019, Sec. 2.2; Sennrich et al. 2016 for BPE), with
// "<|endoftext|>" (id 50256) recognised in the text as the end-of-text token.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ff/tokenizer/gpt2_pretokenizer.h"
#include "ff/tokenizer/gpt2_vocab.h"
#include "ff/tokenizer/tokenizer.h"

namespace ff {

/// Encodes as openai/gpt-2 src/encoder.py does (and tiktoken's r50k_base with every special
/// token allowed): the text is cut at each "<|endoftext|>", each part is pre-tokenized, and each
/// word's bytes are merged, lowest-ranked adjacent pair first, until no pair has a rank.
/// encode() and decode() are const and safe to call from many threads at once: words already
/// merged are remembered in a cache private to each thread.
class Gpt2Tokenizer : public Tokenizer {
 public:
  /// Reads `dir`/encoder.json + vocab.bpe (or vocab.json + merges.txt); throws ff::Error naming
  /// the directory and the files when they are missing, or the file when one is malformed.
  explicit Gpt2Tokenizer(const std::string& dir);

  std::vector<int32_t> encode(std::string_view text) const override;
  std::string decode(const std::vector<int32_t>& ids) const override;
  int32_t eot_id() const override { return vocab_.eot_id; }
  int32_t vocab_size() const override { return static_cast<int32_t>(vocab_.tokens.size()); }
  std::string name() const override { return "gpt2"; }

  /// BPE of one pre-tokenized word, uncached: encoder.py's bpe() on the bytes of `word`.
  std::vector<int32_t> encode_word(std::string_view word) const;

 private:
  struct MergeRule {
    int32_t rank = 0;    // line of the merge in vocab.bpe: lower merges first
    int32_t merged = 0;  // id of the token the pair becomes
  };

  const MergeRule* find_merge(int32_t left, int32_t right) const;
  void encode_ordinary(std::string_view text, std::vector<int32_t>* ids) const;

  Gpt2Vocab vocab_;
  std::unordered_map<uint64_t, MergeRule> merges_;  // (left id << 32 | right id) -> rule
  Gpt2PreTokenizer pretokenizer_;
  uint64_t cache_owner_ = 0;  // tells this tokenizer's entries apart in the per-thread caches
};

}  // namespace ff
