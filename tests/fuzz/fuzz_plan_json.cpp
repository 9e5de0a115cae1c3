// libFuzzer target: plan.json's reader (read_plan: the JSON parse and the typed plan).
#include "ff/io/plan_file.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ff::fuzz::input_file(data, size, "plan.json");
  return ff::fuzz::read_or_error([&] { ff::read_plan(path); });
}
