// GPT-2's vocabulary files: the byte-to-unicode map and the loader of encoder.json + vocab.bpe
// (OpenAI's names) or vocab.json + merges.txt (HuggingFace's names for the same data).
// Radford et al. 2019, "Language Models are Unsupervised Multitask Learners", Sec. 2.2;
// the file format is that of openai/gpt-2 src/encoder.py.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ff {

/// GPT-2's bytes_to_unicode (openai/gpt-2 src/encoder.py): the code point that stands for each
/// byte in the vocabulary files. Printable bytes ('!'..'~', U+00A1..U+00AC, U+00AE..U+00FF) map
/// to themselves; the other 68 bytes map to U+0100, U+0101, ... in byte order (space -> U+0120).
std::array<char32_t, 256> gpt2_byte_codepoints();

/// One BPE merge: tokens `left` and `right`, adjacent, become token `merged`.
struct Gpt2Merge {
  int32_t left = 0;
  int32_t right = 0;
  int32_t merged = 0;
};

/// A loaded vocabulary, with every token as raw bytes (the byte map undone).
struct Gpt2Vocab {
  std::vector<std::string> tokens;   // id -> token bytes; 50257 for GPT-2
  std::vector<Gpt2Merge> merges;     // in rank order: merges[0] is applied first
  std::array<int32_t, 256> byte_ids{};  // byte -> id of the one-byte token
  int32_t eot_id = -1;               // id of "<|endoftext|>" (50256 for GPT-2)
};

/// Reads `dir`/encoder.json (or vocab.json) and `dir`/vocab.bpe (or merges.txt).
/// Throws ff::Error naming the directory and the files when they are missing (with the hint to
/// run scripts/get-gpt2-vocab.sh), or naming the file (and line) when one is malformed.
Gpt2Vocab load_gpt2_vocab(const std::string& dir);

}  // namespace ff
