// GPT-2's pre-tokenizer regex, run with PCRE2 (see gpt2_pretokenizer.h).
#include "ff/tokenizer/gpt2_pretokenizer.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "ff/common/error.h"

namespace ff {

namespace {

// openai/gpt-2 src/encoder.py, with \s written \p{White_Space} and \S \P{White_Space}: that is
// what Python's `regex` module matches for \s, while PCRE2's \s (with PCRE2_UCP) adds U+180E.
constexpr const char* kPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+)"
    R"(|\p{White_Space}+(?!\P{White_Space})|\p{White_Space}+)";

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(code, buffer, sizeof(buffer));
  return reinterpret_cast<const char*>(buffer);
}

struct MatchDataFree {
  void operator()(pcre2_match_data* data) const { pcre2_match_data_free(data); }
};

}  // namespace

struct Gpt2PreTokenizer::Pattern {
  pcre2_code* code = nullptr;
  ~Pattern() { pcre2_code_free(code); }
};

Gpt2PreTokenizer::Gpt2PreTokenizer() : pattern_(std::make_unique<Pattern>()) {
  int error = 0;
  PCRE2_SIZE error_offset = 0;
  pattern_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(kPattern), PCRE2_ZERO_TERMINATED,
                                 PCRE2_UTF | PCRE2_UCP, &error, &error_offset, nullptr);
  check(pattern_->code != nullptr, "gpt2 pre-tokenizer: pcre2 cannot compile the pattern at {}: {}",
        error_offset, pcre2_message(error));
  pcre2_jit_compile(pattern_->code, PCRE2_JIT_COMPLETE);  // on failure pcre2_match interprets
}

Gpt2PreTokenizer::~Gpt2PreTokenizer() = default;
Gpt2PreTokenizer::Gpt2PreTokenizer(Gpt2PreTokenizer&&) noexcept = default;
Gpt2PreTokenizer& Gpt2PreTokenizer::operator=(Gpt2PreTokenizer&&) noexcept = default;

void Gpt2PreTokenizer::for_each_piece(std::string_view text, const PieceFn& emit) const {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t valid_end = pos + valid_utf8_prefix(text.substr(pos));
    if (valid_end > pos) split_valid_utf8(text.substr(pos, valid_end - pos), emit);
    if (valid_end < text.size()) emit(text.substr(valid_end, 1));  // a byte that is not UTF-8
    pos = valid_end + 1;
  }
}

std::vector<std::string_view> Gpt2PreTokenizer::split(std::string_view text) const {
  std::vector<std::string_view> pieces;
  for_each_piece(text, [&pieces](std::string_view piece) { pieces.push_back(piece); });
  return pieces;
}

// Python's regex.findall over valid UTF-8: successive leftmost matches. The pattern matches
// every character, so the matches tile the text.
void Gpt2PreTokenizer::split_valid_utf8(std::string_view text, const PieceFn& emit) const {
  std::unique_ptr<pcre2_match_data, MatchDataFree> match(
      pcre2_match_data_create_from_pattern(pattern_->code, nullptr));
  check(match != nullptr, "gpt2 pre-tokenizer: out of memory");
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  size_t offset = 0;
  while (offset < text.size()) {
    const int rc = pcre2_match(pattern_->code, subject, text.size(), offset, PCRE2_NO_UTF_CHECK,
                               match.get(), nullptr);
    check(rc > 0, "gpt2 pre-tokenizer: pcre2 match failed at byte {}: {}", offset,
          pcre2_message(rc));
    const PCRE2_SIZE* span = pcre2_get_ovector_pointer(match.get());
    check(span[0] == offset && span[1] > span[0],
          "gpt2 pre-tokenizer: no match at byte {} of a {}-byte text", offset, text.size());
    emit(text.substr(span[0], span[1] - span[0]));
    offset = span[1];
  }
}

size_t valid_utf8_prefix(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char lead = s[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      len = 3;
      if (lead == 0xE0) lo = 0xA0;  // overlong
      if (lead == 0xED) hi = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      len = 4;
      if (lead == 0xF0) lo = 0x90;  // overlong
      if (lead == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return n;
}

}  // namespace ff
