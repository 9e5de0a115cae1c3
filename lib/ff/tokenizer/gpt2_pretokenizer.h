// GPT-2's pre-tokenizer: the regex that cuts text into words before BPE, run with PCRE2.
// Radford et al. 2019, Sec. 2.2 ("we prevent BPE from merging across character categories");
// the pattern is the one in openai/gpt-2 src/encoder.py.
#pragma once

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace ff {

/// Splits text the way GPT-2's encoder.py does with
///   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
/// where \s is Unicode White_Space, as in Python's `regex` module (PCRE2's own \s also matches
/// U+180E). Bytes that are not valid UTF-8 become one-byte pieces and cut the text around them,
/// so any byte string splits and the pieces always concatenate back to the input.
/// The compiled pattern is shared and read-only: split() is safe to call from many threads.
class Gpt2PreTokenizer {
 public:
  Gpt2PreTokenizer();  // compiles the pattern, with PCRE2's JIT where available
  ~Gpt2PreTokenizer();
  Gpt2PreTokenizer(Gpt2PreTokenizer&&) noexcept;
  Gpt2PreTokenizer& operator=(Gpt2PreTokenizer&&) noexcept;

  using PieceFn = std::function<void(std::string_view piece)>;

  /// Calls `emit` on each piece of `text`, in order; the pieces view into `text` and
  /// concatenate to it.
  void for_each_piece(std::string_view text, const PieceFn& emit) const;

  /// The pieces of `text`, as for_each_piece() gives them.
  std::vector<std::string_view> split(std::string_view text) const;

 private:
  void split_valid_utf8(std::string_view text, const PieceFn& emit) const;

  struct Pattern;
  std::unique_ptr<Pattern> pattern_;
};

/// Length of the longest prefix of `text` that is valid UTF-8 (RFC 3629: no overlong forms,
/// no surrogates, nothing above U+10FFFF).
size_t valid_utf8_prefix(std::string_view text);

}  // namespace ff
