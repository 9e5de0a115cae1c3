// What training one run produces, whichever trainer (mock or LibTorch) ran it.
#pragma once

#include <cstdint>
#include <vector>

#include "ff/io/curve_file.h"
#include "ff/io/results_file.h"

namespace ff {

struct RunOutcome {
  RunStatus status = RunStatus::kOk;  // ok | diverged | interrupted (the sweep sets failed)
  double final_loss = 0;          // held-out loss at the end, nats/token
  double wall_seconds = 0;
  int64_t tokens_seen = 0;        // tokens actually trained on
  std::vector<CurvePoint> curve;
};

}  // namespace ff
