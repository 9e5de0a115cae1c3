// A small CSV reader (see csv.h).
#include "ff/io/csv.h"

#include "ff/common/error.h"
#include "ff/common/fs.h"

namespace ff {

int CsvTable::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int CsvTable::require_column(const std::string& name) const {
  const int i = column(name);
  if (i < 0) {
    std::string columns;
    for (const auto& h : header) columns += (columns.empty() ? "" : ",") + h;
    fail("{}: missing column '{}' (header: {})", source, name, columns);
  }
  return i;
}

namespace {

// Splits one record starting at `pos`; advances `pos` and `line` past it.
std::vector<std::string> parse_record(const std::string& text, size_t& pos, int& line, const std::string& source) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  const int start_line = line;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        fields.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++line;
      return fields;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  check(!quoted, "{}:{}: unterminated quoted field", source, start_line);
  return fields;
}

}  // namespace

CsvTable parse_csv(const std::string& raw, const std::string& source, bool keep_partial_last_line) {
  std::string text = raw;
  if (!keep_partial_last_line && !text.empty() && text.back() != '\n') text.erase(text.rfind('\n') + 1);
  CsvTable table;
  table.source = source;
  check(text.find_first_not_of(" \t\r\n") != std::string::npos, "{}: empty file (expected a CSV header)", source);
  size_t pos = 0;
  int line = 1;
  table.header = parse_record(text, pos, line, source);
  while (pos < text.size()) {
    const int row_line = line;
    auto fields = parse_record(text, pos, line, source);
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    check(fields.size() == table.header.size(), "{}:{}: expected {} fields, got {}", source, row_line,
          table.header.size(), fields.size());
    table.rows.push_back(std::move(fields));
    table.lines.push_back(row_line);
  }
  return table;
}

CsvTable read_csv(const std::filesystem::path& path, bool keep_partial_last_line) {
  return parse_csv(read_file(path), path.string(), keep_partial_last_line);
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace ff
