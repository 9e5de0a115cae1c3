// A CSV reader for users' files (see csv.h).
#include "ff/io/csv.h"

#include <algorithm>
#include <cctype>

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
    for (const auto& h : header) columns += (columns.empty() ? "" : std::string(1, delimiter)) + h;
    const bool semicolons = header.size() == 1 && header[0].find(';') != std::string::npos;
    fail("{}: missing column '{}' (header: {}){}", source, name, columns,
         semicolons ? "; hint: fields are separated by ';', flops-fit reads comma- or tab-separated files" : "");
  }
  return i;
}

namespace {

constexpr const char* kUtf8Bom = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Walks the text record by record, counting lines.
class CsvParser {
 public:
  CsvParser(const std::string& text, size_t start, const std::string& source)
      : text_(text), pos_(start), source_(source) {}

  void set_delimiter(char delimiter) { delimiter_ = delimiter; }
  void set_header(const std::vector<std::string>* header) { header_ = header; }
  bool at_end() const { return pos_ >= text_.size(); }
  size_t position() const { return pos_; }
  int line() const { return line_; }

  // Skips blank lines and comment lines ('#' first); true, at the start of its line, while a
  // record follows.
  bool skip_to_record() {
    while (!at_end()) {
      size_t p = pos_;
      while (p < text_.size() && is_blank(text_[p]) && text_[p] != delimiter_) ++p;
      if (p < text_.size() && text_[p] != '\n' && text_[p] != '#') return true;
      const size_t end = text_.find('\n', p);
      pos_ = end == std::string::npos ? text_.size() : end + 1;
      ++line_;
    }
    return false;
  }

  // One record from the current position; its fields trimmed of unquoted blanks.
  std::vector<std::string> record() {
    std::vector<std::string> fields;
    for (;;) {
      fields.push_back(field(fields.size()));
      if (at_end() || text_[pos_] == '\n') break;
      ++pos_;  // the delimiter
    }
    if (!at_end()) {
      ++pos_;
      ++line_;
    }
    return fields;
  }

 private:
  std::string column_name(size_t index) const {
    if (header_ != nullptr && index < header_->size() && !(*header_)[index].empty()) {
      return fmt::format("column {} ({})", index + 1, (*header_)[index]);
    }
    return fmt::format("column {}", index + 1);
  }

  // One field; stops at the delimiter or line end that ends it.
  std::string field(size_t index) {
    std::string value;
    while (!at_end() && text_[pos_] != delimiter_ && is_blank(text_[pos_])) ++pos_;
    size_t keep = 0;  // characters that trimming must keep (the quoted part)
    if (!at_end() && text_[pos_] == '"') {
      quoted(index, value);
      keep = value.size();
    }
    while (!at_end() && text_[pos_] != delimiter_ && text_[pos_] != '\n') {
      if (text_[pos_] != '\r') value += text_[pos_];
      ++pos_;
    }
    size_t end = value.size();
    while (end > keep && is_blank(value[end - 1])) --end;
    value.resize(end);
    return value;
  }

  // A quoted field from its opening quote: "" is a quote, CRLF inside becomes LF.
  void quoted(size_t index, std::string& value) {
    const int start_line = line_;
    ++pos_;
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (at_end() || text_[pos_] != '"') return;
        ++pos_;
        value += '"';
      } else if (c == '\r' && !at_end() && text_[pos_] == '\n') {
        continue;
      } else {
        if (c == '\n') ++line_;
        value += c;
      }
    }
    fail("{}:{}: {}: unterminated quoted field (a '\"' opens it and the file ends)", source_, start_line,
         column_name(index));
  }

  const std::string& text_;
  size_t pos_;
  const std::string& source_;
  char delimiter_ = ',';
  const std::vector<std::string>* header_ = nullptr;
  int line_ = 1;
};

std::string lowercase_extension(const std::string& source) {
  std::string ext = std::filesystem::path(source).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

// Tabs for a .tsv or .tab file, or when the header line has a tab and no comma; else commas.
char sniff_delimiter(const std::string& text, size_t header_start, const std::string& source) {
  const std::string ext = lowercase_extension(source);
  if (ext == ".tsv" || ext == ".tab") return '\t';
  const size_t end = std::min(text.find('\n', header_start), text.size());
  const std::string_view line(text.data() + header_start, end - header_start);
  return line.find('\t') != std::string_view::npos && line.find(',') == std::string_view::npos ? '\t' : ',';
}

bool all_empty(const std::vector<std::string>& fields) {
  return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return f.empty(); });
}

}  // namespace

CsvTable parse_csv(const std::string& raw, const std::string& source, bool keep_partial_last_line) {
  const size_t bom = raw.compare(0, 3, kUtf8Bom) == 0 ? 3 : 0;
  size_t size = raw.size();
  if (!keep_partial_last_line && size > bom && raw.back() != '\n') {
    const size_t newline = raw.rfind('\n');
    size = newline == std::string::npos || newline < bom ? bom : newline + 1;
  }
  const std::string text = raw.substr(0, size);
  CsvTable table;
  table.source = source;
  CsvParser parser(text, bom, source);
  check(parser.skip_to_record(), "{}: empty file (expected a CSV header)", source);
  table.delimiter = sniff_delimiter(text, parser.position(), source);
  parser.set_delimiter(table.delimiter);
  table.header = parser.record();
  parser.set_header(&table.header);
  while (parser.skip_to_record()) {
    const int row_line = parser.line();
    auto fields = parser.record();
    if (all_empty(fields)) continue;  // a spreadsheet's empty row: ",,,"
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
