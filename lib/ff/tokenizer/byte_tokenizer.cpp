// Byte-level tokenizer (see byte_tokenizer.h).
#include "ff/tokenizer/byte_tokenizer.h"

#include "ff/common/error.h"

namespace ff {

namespace {
constexpr std::string_view kEotText = "<|endoftext|>";
}

std::vector<int32_t> ByteTokenizer::encode(std::string_view text) const {
  std::vector<int32_t> ids;
  ids.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, kEotText.size(), kEotText) == 0) {
      ids.push_back(kEot);
      i += kEotText.size();
    } else {
      ids.push_back(static_cast<unsigned char>(text[i++]));
    }
  }
  return ids;
}

std::string ByteTokenizer::decode(const std::vector<int32_t>& ids) const {
  std::string text;
  text.reserve(ids.size());
  for (int32_t id : ids) {
    check(id >= 0 && id <= kEot, "byte tokenizer: id {} out of range [0, 256]", id);
    if (id == kEot) {
      text += kEotText;
    } else {
      text += static_cast<char>(id);
    }
  }
  return text;
}

}  // namespace ff
