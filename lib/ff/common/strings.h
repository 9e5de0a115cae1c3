// Small string utilities: edit distance for "did you mean", number formatting for tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ff {

/// Parses "k/n" as --shard and --job take it: true, with *index = k and *count = n, when both are
/// integers and 0 <= k < n; false otherwise (the outputs are then unspecified).
bool parse_index_of(const std::string& text, int* index, int* count);

/// Levenshtein distance between `a` and `b`.
size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate nearest to `word` if it is a plausible typo of it, else "".
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

/// 1.23e+18 -> "1.23e18"; compact scientific notation for tables and ids.
std::string format_sci(double value, int digits = 3);

/// 12345678 -> "12.3M"; SI-suffixed counts (K, M, B, T) for parameters and tokens.
std::string format_count(double value);

/// Splits "a,b,c" on `sep`, trimming spaces.
std::vector<std::string> split(const std::string& text, char sep);

/// Parses a number with a clear error naming `what`; accepts 1e21, 1.5E+19, 300.
double parse_double(const std::string& text, const std::string& what);

/// Parses a whole number written as an integer or in scientific notation (1e6, 1.5E3), which
/// must fit in int64; an ff::Error naming `what` otherwise.
int64_t parse_int64(const std::string& text, const std::string& what);

}  // namespace ff
