// libFuzzer target: GPT-2's pre-tokenizer on any bytes; its pieces must be non-empty and
// concatenate back to the input.
#include <cstdlib>

#include "ff/tokenizer/gpt2_pretokenizer.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const ff::Gpt2PreTokenizer pretokenizer;
  const std::string text = ff::fuzz::text_of(data, size);
  return ff::fuzz::read_or_error([&] {
    std::string joined;
    for (std::string_view piece : pretokenizer.split(text)) {
      if (piece.empty()) std::abort();
      joined += piece;
    }
    if (joined != text) std::abort();
  });
}
