// GPT-2 vocabulary loading (see gpt2_vocab.h).
#include "ff/tokenizer/gpt2_vocab.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "ff/common/error.h"

namespace ff {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kEotText = "<|endoftext|>";
constexpr char32_t kNoByte = 0xFFFFFFFF;
constexpr size_t kMaxMappedCodepoint = 0x100 + 68;  // the byte map's code points are below this

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  check(in.good(), "{}: cannot open for reading", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first of `names` present in `dir`, or an empty path.
fs::path first_present(const fs::path& dir, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (fs::is_regular_file(dir / name)) return dir / name;
  }
  return {};
}

// The inverse of gpt2_byte_codepoints(): code point -> byte, kNoByte where none.
using ByteOfCodepoint = std::array<char32_t, kMaxMappedCodepoint>;
ByteOfCodepoint byte_of_codepoint() {
  ByteOfCodepoint to_byte;
  to_byte.fill(kNoByte);
  const auto codepoints = gpt2_byte_codepoints();
  for (size_t b = 0; b < 256; ++b) to_byte[codepoints[b]] = static_cast<char32_t>(b);
  return to_byte;
}

// Undoes the byte map on one token of a vocabulary file: UTF-8 code points -> raw bytes.
// Returns false when `token` is not valid UTF-8 or holds a code point outside the map.
bool unmap_token(std::string_view token, const ByteOfCodepoint& to_byte, std::string* bytes) {
  bytes->clear();
  for (size_t i = 0; i < token.size();) {
    const auto lead = static_cast<unsigned char>(token[i]);
    char32_t cp = 0;
    size_t len = 1;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0 && i + 1 < token.size() &&
               (static_cast<unsigned char>(token[i + 1]) & 0xC0) == 0x80) {
      cp = (char32_t{lead} & 0x1F) << 6 | (static_cast<unsigned char>(token[i + 1]) & 0x3F);
      len = 2;
      if (cp < 0x80) return false;  // overlong encoding
    } else {
      return false;  // a 3- or 4-byte sequence is above U+07FF: never in the map
    }
    if (cp >= to_byte.size() || to_byte[cp] == kNoByte) return false;
    bytes->push_back(static_cast<char>(to_byte[cp]));
    i += len;
  }
  return !bytes->empty();
}

// encoder.json: {"token": id, ...} with ids 0..n-1, each once.
void load_tokens(const fs::path& path, Gpt2Vocab* vocab) {
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(read_file(path));
  } catch (const nlohmann::json::exception& e) {
    fail("{}: not valid json ({})", path.string(), e.what());
  }
  check(json.is_object() && !json.empty(), "{}: expected a json object of token -> id",
        path.string());
  const ByteOfCodepoint to_byte = byte_of_codepoint();

  vocab->tokens.assign(json.size(), std::string());
  std::vector<bool> seen(json.size(), false);
  std::string bytes;
  for (const auto& [key, value] : json.items()) {
    check(value.is_number_integer(), "{}: token '{}' has id {}, expected an integer",
          path.string(), key, value.dump());
    const int64_t id = value.get<int64_t>();
    check(id >= 0 && id < static_cast<int64_t>(json.size()) && !seen[id],
          "{}: token '{}' has id {}, expected each id in [0, {}) once", path.string(), key, id,
          json.size());
    check(unmap_token(key, to_byte, &bytes),
          "{}: token '{}' has a character outside gpt-2's byte-to-unicode map", path.string(), key);
    seen[id] = true;
    vocab->tokens[id] = bytes;
  }
}

// Fills byte_ids and eot_id from the tokens; every byte must be a token of its own.
void index_special_tokens(const fs::path& path, Gpt2Vocab* vocab) {
  vocab->byte_ids.fill(-1);
  for (size_t id = 0; id < vocab->tokens.size(); ++id) {
    const std::string& token = vocab->tokens[id];
    if (token.size() == 1) vocab->byte_ids[static_cast<unsigned char>(token[0])] = id;
    if (token == kEotText) vocab->eot_id = static_cast<int32_t>(id);
  }
  for (size_t b = 0; b < 256; ++b) {
    check(vocab->byte_ids[b] >= 0, "{}: no token for byte {}", path.string(), b);
  }
  check(vocab->eot_id >= 0, "{}: no '{}' token", path.string(), kEotText);
}

// vocab.bpe: a "#version" line, then one merge "left right" per line, in rank order.
void load_merges(const fs::path& path, const fs::path& tokens_path, Gpt2Vocab* vocab) {
  std::unordered_map<std::string, int32_t> ids;
  for (size_t id = 0; id < vocab->tokens.size(); ++id) ids.emplace(vocab->tokens[id], id);
  const ByteOfCodepoint to_byte = byte_of_codepoint();

  std::istringstream lines(read_file(path));
  std::string line, left, right;
  for (int line_no = 1; std::getline(lines, line); ++line_no) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || (line_no == 1 && line.rfind("#version", 0) == 0)) continue;
    const size_t space = line.find(' ');
    const bool two_parts = space != std::string::npos && space > 0 && space + 1 < line.size() &&
                           line.find(' ', space + 1) == std::string::npos;
    check(two_parts && unmap_token(std::string_view(line).substr(0, space), to_byte, &left) &&
              unmap_token(std::string_view(line).substr(space + 1), to_byte, &right),
          "{}: line {}: expected two tokens separated by one space, got '{}'", path.string(),
          line_no, line);
    const auto l = ids.find(left), r = ids.find(right), m = ids.find(left + right);
    check(l != ids.end() && r != ids.end() && m != ids.end(),
          "{}: line {}: merge '{}' uses or makes a token missing from {}", path.string(), line_no,
          line, tokens_path.string());
    vocab->merges.push_back({l->second, r->second, m->second});
  }
  check(!vocab->merges.empty(), "{}: no merges", path.string());
}

}  // namespace

std::array<char32_t, 256> gpt2_byte_codepoints() {
  std::array<char32_t, 256> codepoints{};
  char32_t next_unprintable = 0x100;
  for (char32_t b = 0; b < 256; ++b) {
    const bool printable = (b >= U'!' && b <= U'~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
    codepoints[b] = printable ? b : next_unprintable++;
  }
  return codepoints;
}

Gpt2Vocab load_gpt2_vocab(const std::string& dir) {
  const fs::path root(dir);
  const fs::path tokens_path = first_present(root, {"encoder.json", "vocab.json"});
  const fs::path merges_path = first_present(root, {"vocab.bpe", "merges.txt"});
  if (tokens_path.empty() || merges_path.empty()) {
    const char* missing = tokens_path.empty() && merges_path.empty() ? "encoder.json and vocab.bpe"
                          : tokens_path.empty()                      ? "encoder.json"
                                                                     : "vocab.bpe";
    fail("gpt2 tokenizer: directory '{}' lacks {} (needs encoder.json + vocab.bpe, or vocab.json "
         "+ merges.txt); hint: run scripts/get-gpt2-vocab.sh {}",
         dir, missing, dir);
  }
  Gpt2Vocab vocab;
  load_tokens(tokens_path, &vocab);
  index_special_tokens(tokens_path, &vocab);
  load_merges(merges_path, tokens_path, &vocab);
  return vocab;
}

}  // namespace ff
