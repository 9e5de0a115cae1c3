// Byte-level tokenizer: ids 0-255 are bytes, 256 is end-of-text.
#pragma once

#include "ff/tokenizer/tokenizer.h"

namespace ff {

class ByteTokenizer : public Tokenizer {
 public:
  static constexpr int32_t kEot = 256;
  std::vector<int32_t> encode(std::string_view text) const override;
  std::string decode(const std::vector<int32_t>& ids) const override;
  int32_t eot_id() const override { return kEot; }
  int32_t vocab_size() const override { return 257; }
  std::string name() const override { return "byte"; }
};

}  // namespace ff
