// Test helper: the Chinchilla Figure-4 points (tests/data/chinchilla-fig4.csv) as the replication
// (Besiroglu et al. 2024) fits them: D = C / (6 N), the 5 highest losses dropped (240 kept).
// A deliberately tiny CSV reader, shared by the tests and bench/bench_fit.cpp.
#pragma once

#include "ff/fit/parametric.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ff::test {

inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  for (std::string field; std::getline(stream, field, ',');) fields.push_back(field);
  return fields;
}

inline std::vector<ParametricPoint> chinchilla_points() {
  const std::string path = FF_TEST_DATA_DIR "/chinchilla-fig4.csv";
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) throw std::runtime_error("cannot read " + path);
  const auto header = split_csv_line(line);
  auto column = [&](const char* name) { return std::find(header.begin(), header.end(), name) - header.begin(); };
  const auto n_col = column("Model Size"), c_col = column("Training FLOP"), l_col = column("loss");
  std::vector<ParametricPoint> points;
  while (std::getline(in, line)) {
    const auto f = split_csv_line(line);
    const double n = std::stod(f.at(n_col)), c = std::stod(f.at(c_col));
    points.push_back({n, c / (6 * n), std::stod(f.at(l_col))});  // (params, tokens, nats/token)
  }
  std::vector<double> losses;
  for (const auto& p : points) losses.push_back(p.loss);
  std::sort(losses.rbegin(), losses.rend());
  points.erase(std::remove_if(points.begin(), points.end(), [&](const auto& p) { return p.loss >= losses.at(4); }),
               points.end());
  return points;
}

}  // namespace ff::test
