// Planning helpers over plan.json's records (io/plan_file.h): run ids and the plan as a table.
#pragma once

#include <string>

#include "ff/io/plan_file.h"
#include "ff/plan/arch.h"

namespace ff {

/// "c1e18_d256_l4_" (custom models: "c1e18_hidden64_") + 8 hex digits of a hash over every field that defines the run.
std::string make_run_id(const PlannedRun& run, FlopsConvention convention);

/// The plan as an aligned text table (one line per run), for stdout.
std::string format_plan_table(const Plan& plan);

}  // namespace ff
