// libFuzzer target: GPT-2's BPE tokenizer (data/gpt2, or $FF_GPT2_DIR) on any bytes: every id is
// in the vocabulary and decoding gives the input back (byte-level BPE is lossless).
#include <cstdlib>

#include "ff/tokenizer/gpt2_tokenizer.h"
#include "fuzz_reader.h"

namespace {

const ff::Gpt2Tokenizer& tokenizer() {
  static const ff::Gpt2Tokenizer t(std::getenv("FF_GPT2_DIR") ? std::getenv("FF_GPT2_DIR") : FF_GPT2_DIR);
  return t;
}

}  // namespace

// Loads the vocabulary before fuzzing starts, outside the per-input timeout (seconds under ASan).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  tokenizer();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = ff::fuzz::text_of(data, size);
  return ff::fuzz::read_or_error([&] {
    const std::vector<int32_t> ids = tokenizer().encode(text);
    for (int32_t id : ids) {
      if (id < 0 || id >= tokenizer().vocab_size()) std::abort();
    }
    if (tokenizer().decode(ids) != text) std::abort();
  });
}
