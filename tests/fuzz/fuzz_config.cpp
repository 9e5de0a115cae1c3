// libFuzzer target: configuration layering. The input's lines up to a line "%%" are a preset
// (YAML), each line after it a key=value override; both are layered over the compiled-in
// defaults, and the result is written back as YAML and JSON.
#include "ff/io/config.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = ff::fuzz::text_of(data, size);
  const size_t split = text.find("\n%%\n");
  const std::string yaml = text.substr(0, split);
  return ff::fuzz::read_or_error([&] {
    static const ff::Config defaults = ff::Config::defaults();  // parsed once: most of an input's time otherwise
    ff::Config config = defaults;
    config.merge_yaml(yaml, "preset.yaml");
    if (split != std::string::npos) {
      size_t start = split + 4;
      while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        config.merge_override(text.substr(start, end - start));
        start = end + 1;
      }
    }
    config.to_yaml();
    config.to_json();
    for (const std::string& key : config.keys()) config.where(key);
  });
}
