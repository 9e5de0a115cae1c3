// libFuzzer target: analysis.json's reader (read_analysis: the JSON parse and the typed analysis).
#include "ff/io/analysis_file.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ff::fuzz::input_file(data, size, "analysis.json");
  return ff::fuzz::read_or_error([&] { ff::read_analysis(path); });
}
