// ff-train's one library call: load the plan, pick the trainer for train.mode, run the sweep.
#pragma once

#include <string>
#include <vector>

#include "ff/cli/tool.h"

namespace ff {

struct TrainToolOptions {
  std::string plan;      // "" = DIR/plan.json
  std::string results;   // "" = DIR/results.csv
  std::string shard;     // "" = all runs, else "i/n"
  bool retry_failed = false;
  bool prepare_data = false;  // build the token caches for local training, then stop
  std::string job;            // hidden --job k/J: this process is job k of train.jobs = J
  std::vector<std::string> argv;  // this process's command line, to start the jobs with
};

/// With train.jobs > 1 it starts that many copies of this process (options.argv plus --job k/J), each
/// training its share of the runs on threads / jobs threads, and waits for them.
/// Exit code: 0 all runs finished (ok or diverged), 1 some failed, 3 interrupted (resumable).
int train_tool(const CommonOptions& common, const Config& config, const TrainToolOptions& options);

}  // namespace ff
