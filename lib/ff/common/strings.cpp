// Small string utilities (see strings.h).
#include "ff/common/strings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "ff/common/error.h"

namespace ff {

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 4) + 1;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string format_sci(double value, int digits) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  std::string s = fmt::format("{:.{}g}", value, digits);
  const auto e = s.find("e+");
  if (e != std::string::npos) s.erase(e + 1, 1);
  const auto z = s.find("e0");
  if (z != std::string::npos) s.erase(z + 1, 1);
  return s;
}

std::string format_count(double value) {
  static const char* kSuffix[] = {"", "K", "M", "B", "T"};
  int i = 0;
  while (std::fabs(value) >= 1000.0 && i < 4) {
    value /= 1000.0;
    ++i;
  }
  return fmt::format("{:.3g}{}", value, kSuffix[i]);
}

bool parse_index_of(const std::string& text, int* index, int* count) {
  const auto parts = split(text, '/');
  if (parts.size() != 2) return false;
  try {
    *index = std::stoi(parts[0]);
    *count = std::stoi(parts[1]);
  } catch (const std::exception&) {
    return false;
  }
  return *count >= 1 && *index >= 0 && *index < *count;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    std::string part = text.substr(start, end - start);
    const auto first = part.find_first_not_of(" \t\r");
    const auto last = part.find_last_not_of(" \t\r");
    parts.push_back(first == std::string::npos ? "" : part.substr(first, last - first + 1));
    start = end + 1;
  }
  return parts;
}

double parse_double(const std::string& text, const std::string& what) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  check(!text.empty() && end == text.c_str() + text.size(), "{}: '{}' is not a number", what, text);
  return value;
}

int64_t parse_int64(const std::string& text, const std::string& what) {
  const double v = parse_double(text, what);
  const double limit = std::ldexp(1.0, 63);  // int64 holds [-2^63, 2^63)
  check(std::isfinite(v) && v == std::floor(v) && v >= -limit && v < limit, "{}: '{}' is not an integer", what, text);
  return static_cast<int64_t>(v);
}

}  // namespace ff
