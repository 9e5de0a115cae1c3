// The tokenizer interface: byte-level and GPT-2 BPE implement it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ff {

class Tokenizer {
 public:
  virtual ~Tokenizer() = default;
  /// Token ids of `text`. The literal "<|endoftext|>" becomes the end-of-text token.
  virtual std::vector<int32_t> encode(std::string_view text) const = 0;
  /// The text of `ids`; decode(encode(s)) == s.
  virtual std::string decode(const std::vector<int32_t>& ids) const = 0;
  virtual int32_t eot_id() const = 0;
  virtual int32_t vocab_size() const = 0;
  /// "byte" or "gpt2"; the name a token cache records.
  virtual std::string name() const = 0;
};

/// `name` is "byte" (256 bytes + end-of-text = 257 ids) or "gpt2" (files read from `dir`:
/// encoder.json + vocab.bpe, or vocab.json + merges.txt). Throws ff::Error naming missing files.
std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const std::string& dir);

}  // namespace ff
