// runs/<run_id>/curve.csv: one run's loss curve, its record and its typed reader and writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

namespace ff {

/// One evaluation point of a run's loss curve (a row of runs/<run_id>/curve.csv).
struct CurvePoint {
  int64_t step = 0;
  int64_t tokens = 0;             // tokens trained on so far
  double flops = 0;               // tokens * flops_per_token, FLOPs
  double lr = 0;                  // learning rate at this step
  double train_loss = 0;          // smoothed training loss, nats/token
  double eval_loss = 0;           // held-out loss, nats/token
  double tokens_per_second = 0;   // training throughput since the previous point
};

/// Writes `curve` as CSV (step,tokens,flops,lr,train_loss,eval_loss,tokens_per_second), atomically.
void write_curve(const std::filesystem::path& path, const std::vector<CurvePoint>& curve);

/// Reads a curve.csv back (for plots and the envelope analysis); errors name the file, line and column.
std::vector<CurvePoint> read_curve(const std::filesystem::path& path);

}  // namespace ff
