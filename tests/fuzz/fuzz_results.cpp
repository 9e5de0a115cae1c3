// libFuzzer target: the readers of results.csv (ff-analyze's read_observations, ff-train's
// read_results and finished_runs), of a run's curve.csv, and of chinchilla.csv.
#include "ff/io/curve_file.h"
#include "ff/io/report.h"
#include "ff/io/results_file.h"
#include "fuzz_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = ff::fuzz::input_file(data, size, "results.csv");
  ff::fuzz::read_or_error([&] { ff::read_observations(path); });
  ff::fuzz::read_or_error([&] { ff::read_results(path); });
  ff::fuzz::read_or_error([&] { ff::finished_runs(path); });
  ff::fuzz::read_or_error([&] { ff::read_curve(path); });
  ff::fuzz::read_or_error([&] { ff::parse_chinchilla_csv(ff::fuzz::text_of(data, size), "chinchilla.csv"); });
  return 0;
}
