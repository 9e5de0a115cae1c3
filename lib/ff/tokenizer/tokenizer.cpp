// make_tokenizer: the factory behind tokenizer.name.
#include "ff/tokenizer/tokenizer.h"

#include "ff/common/error.h"
#include "ff/tokenizer/byte_tokenizer.h"
#include "ff/tokenizer/gpt2_tokenizer.h"

namespace ff {

std::unique_ptr<Tokenizer> make_tokenizer(const std::string& name, const std::string& dir) {
  if (name == "byte") return std::make_unique<ByteTokenizer>();
  if (name == "gpt2") return std::make_unique<Gpt2Tokenizer>(dir);
  fail("tokenizer.name: unknown tokenizer '{}' (expected byte or gpt2)", name);
}

}  // namespace ff
