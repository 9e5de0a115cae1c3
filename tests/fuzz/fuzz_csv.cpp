// libFuzzer target: the CSV reader (io/csv) on any bytes, as .csv and as .tsv, with and without
// the partial last line; every row it returns has the header's width.
#include <cstdlib>

#include "ff/io/csv.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = ff::fuzz::text_of(data, size);
  for (const char* source : {"fuzz.csv", "fuzz.tsv"}) {
    for (bool keep_partial : {true, false}) {
      ff::fuzz::read_or_error([&] {
        const ff::CsvTable t = ff::parse_csv(text, source, keep_partial);
        if (t.rows.size() != t.lines.size()) std::abort();
        for (const auto& row : t.rows) {
          if (row.size() != t.header.size()) std::abort();
        }
        t.require_column("compute_budget");
      });
    }
  }
  return 0;
}
