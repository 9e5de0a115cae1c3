// A small CSV reader (RFC 4180 quoting) that keeps line numbers for error messages.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ff {

struct CsvTable {
  std::string source;                         // the file, for errors
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;                     // 1-based file line of each row
  /// Index of column `name`, or -1.
  int column(const std::string& name) const;
  /// Index of column `name`; ff::Error naming the file and the header otherwise.
  int require_column(const std::string& name) const;
};

/// Reads `path`. Empty file, ragged rows and unterminated quotes are ff::Errors naming the file
/// and line. A last line without a newline is kept only if `keep_partial_last_line`.
CsvTable read_csv(const std::filesystem::path& path, bool keep_partial_last_line = true);

/// Parses CSV text (same rules); `source` names it in errors.
CsvTable parse_csv(const std::string& text, const std::string& source, bool keep_partial_last_line = true);

/// Quotes a field if it holds a comma, quote or newline.
std::string csv_field(const std::string& value);

}  // namespace ff
