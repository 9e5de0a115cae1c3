// make_tokenizer: the factory behind tokenizer.name.
#include "ff/tokenizer/tokenizer.h"

#include "ff/common/error.h"
#include "ff/tokenizer/byte_tokenizer.h"

namespace ff {

std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const std::string& dir) {
  if (name == "byte") return std::make_unique<ByteTokenizer>();
  if (name == "gpt2") fail("tokenizer.name: 'gpt2' is not built into this version yet");
  fail("tokenizer.name: unknown tokenizer '{}' (expected byte or gpt2)", name);
}

}  // namespace ff
