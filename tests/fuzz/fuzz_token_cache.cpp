// libFuzzer target: the token-cache reader (llm.c's header: magic, version, count, then uint16
// tokens); a file it accepts holds exactly the count its header gives.
#include <cstdlib>

#include "ff/data/token_cache.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ff::fuzz::input_file(data, size, "tokens.bin");
  return ff::fuzz::read_or_error([&] {
    const std::vector<uint16_t> tokens = ff::read_token_file(path);
    if (ff::kTokenFileHeaderBytes + 2 * static_cast<int64_t>(tokens.size()) != static_cast<int64_t>(size)) std::abort();
  });
}
