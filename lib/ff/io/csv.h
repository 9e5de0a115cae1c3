// A CSV reader for files as users' tools write them (Excel, pandas, R, spreadsheets, by hand),
// RFC 4180 quoting, keeping line numbers for error messages. docs/formats.md lists what it accepts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ff {

struct CsvTable {
  std::string source;                         // the file, for errors
  char delimiter = ',';                       // ',' or '\t'
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;                     // 1-based file line of each row
  /// Index of column `name`, or -1.
  int column(const std::string& name) const;
  /// Index of column `name`; ff::Error naming the file and the header otherwise.
  int require_column(const std::string& name) const;
};

/// Reads `path`. Accepted: a UTF-8 byte-order mark, CRLF or LF line ends, comma- or
/// tab-separated fields (tabs for a .tsv/.tab file, or a header with a tab and no comma),
/// quoted fields holding delimiters, doubled quotes and line breaks, spaces around fields,
/// blank lines, lines of empty fields (spreadsheets' empty rows) and comment lines starting
/// with '#'. An empty file, ragged rows and unterminated quotes are ff::Errors naming the file,
/// the line and the column. A last line without a newline is kept only if `keep_partial_last_line`.
CsvTable read_csv(const std::filesystem::path& path, bool keep_partial_last_line = true);

/// Parses CSV text (same rules); `source` names it in errors, and its extension (.tsv, .tab)
/// selects tabs.
CsvTable parse_csv(const std::string& text, const std::string& source, bool keep_partial_last_line = true);

/// Quotes a field if it holds a comma, quote or newline.
std::string csv_field(const std::string& value);

}  // namespace ff
